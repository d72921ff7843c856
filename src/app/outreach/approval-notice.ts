import type { AccountRepository } from '../../adapters/db/account-repository';
import { decideApprovalNotice } from '../../domain/approval-notice';

/**
 * Announces the DMs waiting for an account's approval if the last announcement is at least the
 * interval old (src/domain/approval-notice.ts decides; the account row's compare-and-set keeps it
 * once per interval however many callers ask at once). Called when items come to wait and on every
 * reply-watch tick. true: this call wrote the event.
 */
/**
 * After items came to wait: the announcement is news, not part of the change, so its failure (an
 * outage) leaves the change standing; the next reply-watch tick announces them instead.
 */
export async function announceIfHeld(
  ports: Parameters<typeof announceAwaitingApproval>[0],
  accountId: string,
  intervalMs: number,
  held: boolean,
): Promise<void> {
  if (!held) return;
  await announceAwaitingApproval(ports, accountId, intervalMs).catch(() => false);
}

export async function announceAwaitingApproval(
  ports: { accounts: Pick<AccountRepository, 'approvalNotice' | 'recordApprovalNotice'>; now: () => number },
  accountId: string,
  intervalMs: number,
): Promise<boolean> {
  const state = await ports.accounts.approvalNotice(accountId);
  if (state === null) return false;
  const decision = decideApprovalNotice(accountId, state, ports.now(), intervalMs);
  if (!decision.notify) return false;
  return ports.accounts.recordApprovalNotice(accountId, decision.expectLastAt, decision.at, [decision.event]);
}
