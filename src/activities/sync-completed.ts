import type { SyncProgress } from '../workflows/definitions';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

export function createSyncEventActivities(deps: ActivityDeps) {
  return {
    /** `sync.completed` with the run's counts (the per-thread list stays in the workflow result). */
    async recordSyncCompleted(accountId: string, progress: SyncProgress): Promise<string> {
      const { threads: _threads, truncated: _truncated, phase: _phase, ...counts } = progress;
      return coded(() => deps.events.emit(accountId, 'sync.completed', { type: 'sync', id: accountId }, { account_id: accountId, ...counts }));
    },
  };
}
