import { announceAwaitingApproval } from '../app/outreach/approval-notice';
import { syncConversationsContract } from '../contracts/catalogue';
import type { SyncConversationsInput } from '../contracts/sync';
import type { WatchGate } from '../contracts/reply-watch';
import { effectivePacing } from '../domain/outreach';
import { decideWatch } from '../domain/reply-watch';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

/**
 * The reply watch's own steps (the browser and storage steps are the sync's): whether this tick may
 * drive the browser, and the approval notice every tick asks for.
 */
export function createReplyWatchActivities(deps: ActivityDeps) {
  const settings = deps.outreachSettings;
  return {
    /**
     * The account's active hours (its pacing, as its sender keeps them) and whether a full sync of
     * it runs now; decided by domain/reply-watch.ts. Makes no browser call.
     */
    async replyWatchGate(accountId: string): Promise<WatchGate> {
      return coded(async () => {
        const account = await deps.accounts.get(accountId);
        // An account without a row (older runs, tests) keeps the configured defaults.
        const pacing = account
          ? effectivePacing(account, settings.defaults)
          : { ...settings.defaults.pacing, ramp: null };
        const syncId = syncConversationsContract.id({ accountId } as SyncConversationsInput);
        const sync = await deps.workflows.describe(syncId);
        return decideWatch({ pacing, nowMs: deps.now(), syncRunning: sync?.status === 'RUNNING' });
      });
    },

    /** outreach.awaiting_approval if DMs wait and the last notice is an interval old; true: written now. */
    async announceAwaitingApproval(accountId: string): Promise<boolean> {
      return coded(() => announceAwaitingApproval(deps, accountId, settings.defaults.approvalNotifyMs));
    },
  };
}
