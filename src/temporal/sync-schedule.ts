import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { SyncConversationsInput } from '../workflows/definitions';
import { CrmAccountId, CrmWorkflowKind } from './search-attributes';
import { syncScheduleId } from './workflow-ids';

/**
 * Keeps the account's periodic inbox sync (a Temporal Schedule) in line with SYNC_INTERVAL:
 * created or updated when set, deleted when off. Each tick starts `scheduledSync`, which starts
 * the one-per-account sync or steps aside if one is still running; overlapping ticks are skipped.
 */
export async function ensureSyncSchedule(
  client: Client,
  opts: { taskQueue: string; intervalMs: number | null; input: SyncConversationsInput },
): Promise<'created' | 'updated' | 'deleted' | 'absent'> {
  const scheduleId = syncScheduleId(opts.input.accountId);
  const handle = client.schedule.getHandle(scheduleId);
  if (opts.intervalMs === null) {
    try {
      await handle.delete();
      return 'deleted';
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return 'absent';
      throw err;
    }
  }
  const spec = { intervals: [{ every: opts.intervalMs }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'scheduledSync',
    args: [opts.input],
    taskQueue: opts.taskQueue,
    typedSearchAttributes: [
      { key: CrmAccountId, value: opts.input.accountId },
      { key: CrmWorkflowKind, value: 'scheduledSync' },
    ],
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      // A tick missed while everything was down is not worth replaying later: the next one syncs.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await handle.update((previous) => ({ ...previous, spec, action }));
    return 'updated';
  }
}
