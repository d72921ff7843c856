import type { Client } from '@temporalio/client';
import type { Logger } from '../adapters/logging/logger';
import type { Config } from '../config';
import {
  mediaPosterWatchContract,
  replyWatchContract,
  rescoreContactsContract,
  syncConversationsContract,
} from '../contracts/catalogue';
import { SCHEDULED_START_TYPE, scheduledStartInput } from '../contracts/scheduled-start';
import { ensureSchedule } from './schedules';
import { mediaPosterWatchScheduleId, replyWatchScheduleId, rescoreScheduleId, syncScheduleId } from '../contracts/ids';
import {
  inputSettings,
  mediaPosterWatchInput,
  replyWatchInput,
  rescoreInputFromConfig,
  syncInputFromConfig,
} from './workflow-inputs';

/**
 * SYNC_INTERVAL, RESCORE_INTERVAL, MEDIAPOSTER_WATCH_INTERVAL and REPLY_WATCH_INTERVAL are applied on
 * every start: change them, restart, done. The reply watch runs per account: one Schedule for each
 * of `accounts` (the worker passes every account with a row; an account added later gets its own at
 * the next start).
 */
export async function applySchedules(
  config: Config,
  client: Client,
  log: Logger,
  accounts: string[] = [config.server.accountId],
): Promise<void> {
  const accountId = config.server.accountId;
  const common = { taskQueue: config.temporal.taskQueue };
  const sync = syncInputFromConfig(inputSettings(config));
  const rescore = rescoreInputFromConfig(inputSettings(config), 'scheduled');
  const plans = [
    {
      accountId,
      scheduleId: syncScheduleId(accountId),
      intervalMs: config.sync.intervalMs,
      start: scheduledStartInput(syncConversationsContract, sync),
    },
    {
      accountId,
      scheduleId: rescoreScheduleId(accountId),
      intervalMs: config.rescore.intervalMs,
      start: scheduledStartInput(rescoreContactsContract, rescore),
    },
    // Watching MediaPoster is pointless without it: off when it is not configured.
    {
      accountId,
      scheduleId: mediaPosterWatchScheduleId(accountId),
      intervalMs: config.mediaPosterDb ? config.videoOutreach.watchIntervalMs : null,
      start: scheduledStartInput(mediaPosterWatchContract, mediaPosterWatchInput(config, accountId)),
    },
    ...[...new Set([accountId, ...accounts])].map((id) => ({
      accountId: id,
      scheduleId: replyWatchScheduleId(id),
      intervalMs: config.replyWatch.intervalMs,
      start: scheduledStartInput(replyWatchContract, replyWatchInput(inputSettings(config), id)),
    })),
  ];
  try {
    for (const p of plans) {
      const outcome = await ensureSchedule(client, {
        ...common,
        accountId: p.accountId,
        scheduleId: p.scheduleId,
        workflowType: SCHEDULED_START_TYPE,
        args: [p.start],
        intervalMs: p.intervalMs,
      });
      log.info({ schedule: p.scheduleId, intervalMs: p.intervalMs, outcome }, 'schedule applied');
    }
  } catch (err) {
    log.error(
      { err: (err as Error).message },
      'could not apply the schedules; periodic sync, rescoring, the MediaPoster watch and the reply watch may not be running',
    );
  }
}
