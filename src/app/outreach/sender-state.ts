import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import { effectivePacing, pausedUntilMs, type Account, type OutreachDefaults } from '../../domain/outreach';
import type { SenderState } from '../../domain/sender-view';

/** Read by the sender (through an activity) and by the API when no sender runs for the account. */
export async function readSenderState(
  ports: { outreach: Pick<OutreachRepository, 'snapshot'> },
  account: Account,
  defaults: OutreachDefaults,
  nowMs: number,
): Promise<SenderState> {
  const pacing = effectivePacing(account, defaults);
  const until = pausedUntilMs(account, nowMs);
  const pause = until === null ? null : { untilMs: Number.isFinite(until) ? until : null, reason: account.pauseReason };
  return { nowMs, pacing, pause, snapshot: await ports.outreach.snapshot(account.id, nowMs, pacing.dayMs) };
}
