import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { CrmAccountId, CrmWorkflowKind } from './search-attributes';

/**
 * Keeps a periodic workflow (a Temporal Schedule) in line with its configured interval: created or
 * updated when set, deleted when off. Overlapping ticks are skipped, and a tick missed while
 * everything was down is not replayed later (the next one does the same work).
 */
export async function ensureSchedule(
  client: Client,
  opts: {
    scheduleId: string;
    workflowType: string;
    args: unknown[];
    accountId: string;
    taskQueue: string;
    intervalMs: number | null;
  },
): Promise<'created' | 'updated' | 'deleted' | 'absent'> {
  const handle = client.schedule.getHandle(opts.scheduleId);
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
    workflowType: opts.workflowType,
    args: opts.args,
    taskQueue: opts.taskQueue,
    typedSearchAttributes: [
      { key: CrmAccountId, value: opts.accountId },
      { key: CrmWorkflowKind, value: opts.workflowType },
    ],
  };
  try {
    await client.schedule.create({
      scheduleId: opts.scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await handle.update((previous) => ({ ...previous, spec, action }));
    return 'updated';
  }
}
