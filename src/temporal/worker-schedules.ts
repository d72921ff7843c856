import type { Client } from '@temporalio/client';
import type { Logger } from '../adapters/logging/logger';
import type { Config } from '../config';
import { mediaPosterWatchContract, rescoreContactsContract, syncConversationsContract } from '../contracts/catalogue';
import { SCHEDULED_START_TYPE, scheduledStartInput } from '../contracts/scheduled-start';
import { ensureSchedule } from './schedules';
import { mediaPosterWatchScheduleId, rescoreScheduleId, syncScheduleId } from '../contracts/ids';
import { inputSettings, mediaPosterWatchInput, rescoreInputFromConfig, syncInputFromConfig } from './workflow-inputs';

/** SYNC_INTERVAL, RESCORE_INTERVAL and MEDIAPOSTER_WATCH_INTERVAL are applied on every start: change them, restart, done. */
export async function applySchedules(config: Config, client: Client, log: Logger): Promise<void> {
  const accountId = config.server.accountId;
  const common = { accountId, taskQueue: config.temporal.taskQueue };
  const sync = syncInputFromConfig(inputSettings(config));
  const rescore = rescoreInputFromConfig(inputSettings(config), 'scheduled');
  const plans = [
    {
      scheduleId: syncScheduleId(accountId),
      intervalMs: config.sync.intervalMs,
      start: scheduledStartInput(syncConversationsContract, sync),
    },
    {
      scheduleId: rescoreScheduleId(accountId),
      intervalMs: config.rescore.intervalMs,
      start: scheduledStartInput(rescoreContactsContract, rescore),
    },
    // Watching MediaPoster is pointless without it: off when it is not configured.
    {
      scheduleId: mediaPosterWatchScheduleId(accountId),
      intervalMs: config.mediaPosterDb ? config.videoOutreach.watchIntervalMs : null,
      start: scheduledStartInput(mediaPosterWatchContract, mediaPosterWatchInput(config, accountId)),
    },
  ];
  try {
    for (const p of plans) {
      const outcome = await ensureSchedule(client, {
        ...common,
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
      'could not apply the schedules; periodic sync, rescoring and the MediaPoster watch are not running',
    );
  }
}
