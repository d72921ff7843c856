import { Context } from '@temporalio/activity';
import { EVENT_CATALOGUE } from '../domain/event-catalogue';
import type { SyncProgress } from '../contracts/sync';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

export function createSyncEventActivities(deps: ActivityDeps) {
  return {
    /**
     * The run recorded with its `sync.completed` event (the counts; the per-thread list stays in the
     * workflow result), in one transaction and once per run, however often this is retried.
     */
    async recordSyncCompleted(accountId: string, progress: SyncProgress): Promise<string | null> {
      const { threads: _threads, truncated: _truncated, phase: _phase, ...counts } = progress;
      const info = Context.current().info;
      const runKey = info.workflowExecution
        ? `${info.workflowExecution.workflowId}:${info.workflowExecution.runId}`
        : info.activityId;
      const payload = EVENT_CATALOGUE['sync.completed'].parse({ account_id: accountId, ...counts });
      return coded(() => deps.events.recordSyncRun(runKey, accountId, payload));
    },
  };
}
