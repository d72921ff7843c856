import type { z } from '@hono/zod-openapi';
import { readSenderState } from './sender-state';
import type { Account, OutreachStatus, SenderSnapshot } from '../../domain/outreach';
import { decideSender, senderView, situationOf } from '../../domain/sender-view';
import type { ApiDeps } from '../../api/env';
import type { QueueStats, SenderView } from '../../api/schemas/outreach';

/**
 * Each account's pacing in words and numbers: what its sender says of itself (by query), or, when
 * no sender runs, the same rules applied to what the database holds.
 */
export async function pacingView(
  deps: ApiDeps,
  account: Account,
  /** 'rules': from the database only, e.g. right after a pause, before the sender has heard of it. */
  source: 'sender' | 'rules' = 'sender',
): Promise<z.infer<typeof SenderView> & { snapshot: SenderSnapshot }> {
  const state = await readSenderState(deps, account, deps.config.outreach.defaults, deps.now());
  const running = source === 'sender' ? await deps.senders.progress(account.id).catch(() => null) : null;
  if (running) {
    const { sent: _sent, ...view } = running;
    return { ...view, queue: state.snapshot.counts, snapshot: state.snapshot };
  }
  const situation = situationOf(state, { gapMs: state.pacing.minGapMs, retryAtMs: null, serverClosedUntilMs: null }, state.nowMs);
  const { sent: _sent, ...view } = senderView(account.id, state, situation, decideSender(situation), null);
  return { ...view, snapshot: state.snapshot };
}

export async function pacingViews(deps: ApiDeps, accounts: Account[]) {
  return Promise.all(accounts.map((a) => pacingView(deps, a)));
}

/** The original server's stats, from the account's counts by status. */
export function statsOf(snapshot: Pick<SenderSnapshot, 'counts' | 'rateLimited'>): z.infer<typeof QueueStats> {
  const n = (s: OutreachStatus) => snapshot.counts[s] ?? 0;
  const total = Object.values(snapshot.counts).reduce((a, b) => a + (b ?? 0), 0);
  return {
    total, pending: n('queued') + n('awaiting_approval'), sent: n('sent'), failed: n('failed'), rateLimited: snapshot.rateLimited,
    by_status: snapshot.counts,
  };
}
