import { readSenderState } from './sender-state';
import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import {
  PENDING_STATUSES,
  type Account,
  type OutreachDefaults,
  type OutreachStatus,
  type SenderSnapshot,
} from '../../domain/outreach';
import { decideSender, senderView, situationOf, type SenderProgress } from '../../domain/sender-view';

/**
 * Each account's pacing in words and numbers: what its sender says of itself (by query), or, when
 * no sender runs, the same rules applied to what the database holds.
 */

export interface PacingPorts {
  outreach: Pick<OutreachRepository, 'snapshot'>;
  senders: { progress(accountId: string): Promise<SenderProgress | null> };
  config: { outreach: { defaults: OutreachDefaults } };
  now: () => number;
}

export type PacingView = Omit<SenderProgress, 'sent'> & { snapshot: SenderSnapshot };

export async function pacingView(
  deps: PacingPorts,
  account: Account,
  /** 'rules': from the database only, e.g. right after a pause, before the sender has heard of it. */
  source: 'sender' | 'rules' = 'sender',
): Promise<PacingView> {
  const state = await readSenderState(deps, account, deps.config.outreach.defaults, deps.now());
  const running = source === 'sender' ? await deps.senders.progress(account.id).catch(() => null) : null;
  if (running) {
    const { sent: _sent, ...view } = running;
    return { ...view, queue: state.snapshot.counts, snapshot: state.snapshot };
  }
  const situation = situationOf(
    state,
    { gapMs: state.pacing.minGapMs, retryAtMs: null, serverClosedUntilMs: null },
    state.nowMs,
  );
  const { sent: _sent, ...view } = senderView(account.id, state, situation, decideSender(situation), null);
  return { ...view, snapshot: state.snapshot };
}

export async function pacingViews(deps: PacingPorts, accounts: Account[]) {
  return Promise.all(accounts.map((a) => pacingView(deps, a)));
}

/** The original server's stats, from the account's counts by status. */
export function statsOf(snapshot: Pick<SenderSnapshot, 'counts' | 'rateLimited'>) {
  const n = (s: OutreachStatus) => snapshot.counts[s] ?? 0;
  const total = Object.values(snapshot.counts).reduce((a, b) => a + (b ?? 0), 0);
  return {
    total,
    pending: PENDING_STATUSES.reduce((sum, s) => sum + n(s), 0),
    sent: n('sent'),
    failed: n('failed'),
    rateLimited: snapshot.rateLimited,
    by_status: snapshot.counts,
  };
}
