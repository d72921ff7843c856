import { endLapsedPause, pauseAccount } from '../app/accounts/account-pause';
import { decideSender, situationOf, type SenderCarried, type SenderState } from '../domain/sender-view';
import type { ActivityDeps } from './deps';
import { coded } from './failures';
import { accountOrFail, prepareItem, type Prepared } from '../app/outreach/outreach-prepare';
import { readSenderState } from '../app/outreach/sender-state';

/** The sender's steps around a send: its state, the next item's preparation, pausing, waking. */
export function createOutreachSenderActivities(deps: ActivityDeps) {
  const settings = deps.outreachSettings;
  return {
    /** Also ends a timed pause that has run out (writing account.resumed), so the account says it is sending again. */
    async loadSenderState(accountId: string): Promise<SenderState> {
      return coded(async () => {
        const account = await endLapsedPause(deps, await accountOrFail(deps, accountId));
        return readSenderState(deps, account, settings.defaults, deps.now());
      });
    },

    /**
     * With the Safari turn held: decide again on fresh state (the window may have closed meanwhile),
     * apply the send-time rules to the next item and reserve it. A repeat of this call (a retry
     * after it committed) finds its own reservation instead of taking a second item.
     */
    async prepareNextSend(accountId: string, carried: SenderCarried, token: string): Promise<Prepared> {
      return coded(async () => {
        const account = await accountOrFail(deps, accountId);
        const state = await readSenderState(deps, account, settings.defaults, deps.now());
        const mine = state.snapshot.inFlight.find((f) => f.token === token);
        if (mine) return { action: 'send', itemId: mine.id };
        // Another attempt's item is still 'sending': the next step checks it before anything else goes.
        if (state.snapshot.inFlight.length > 0) return { action: 'blocked' };
        const decision = decideSender(situationOf(state, carried, state.nowMs));
        if (!decision.send) return { action: 'blocked' };
        return prepareItem(deps, account, decision.itemId, token);
      });
    },

    /** Instagram said "slow down": nothing leaves this account until the pause ends or someone resumes it. */
    async pauseAccount(accountId: string, reason: string): Promise<void> {
      const until = new Date(deps.now() + settings.pauseOnBlockMs).toISOString();
      await coded(() => pauseAccount(deps, accountId, { until, reason, by: 'sender' }));
    },

    /** Starts the account's sender if it does not run, and tells it the queue changed. */
    async wakeSender(accountId: string, reason: string): Promise<void> {
      await coded(() => deps.senders.wakeSender(accountId, reason));
    },
  };
}
