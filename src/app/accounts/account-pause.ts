import type { AccountRepository } from '../../adapters/db/account-repository';
import { outboxEvent } from '../../domain/events';
import type { Account } from '../../domain/outreach';

/**
 * Pausing and resuming an account's sending, whoever does it: the sender when Instagram says slow
 * down, a person through the API, or the clock when a timed pause runs out. Each change writes
 * `account.paused` / `account.resumed` with it, once.
 */

export interface PausePorts {
  accounts: Pick<AccountRepository, 'setPause'>;
  now: () => number;
}

/** `key`: the name of the API key that asked, when a person did. */
export async function pauseAccount(
  ports: PausePorts,
  accountId: string,
  p: { until: string | null; reason: string; by: 'sender' | 'user'; key?: string },
): Promise<Account | null> {
  const at = new Date(ports.now()).toISOString();
  const event = outboxEvent('account.paused', accountId, {
    account_id: accountId,
    by: p.by,
    reason: p.reason,
    until: p.until,
    paused_at: at,
    ...(p.key ? { key: p.key } : {}),
  });
  const changed = await ports.accounts.setPause(
    accountId,
    { paused: true, until: p.until, reason: p.reason },
    { events: [event] },
  );
  return changed?.account ?? null;
}

/** A person resumes: an account that was not paused stays as it is, and no event is written. */
export async function resumeAccount(ports: PausePorts, account: Account, key?: string): Promise<Account | null> {
  if (!account.paused) return account;
  return resume(ports, account, 'user', key);
}

/**
 * A timed pause that has run out is ended by the first sender step that sees it, guarded by the
 * pause it saw: a pause set again meanwhile stays, and two steps never both write the event.
 */
export async function endLapsedPause(ports: PausePorts, account: Account): Promise<Account> {
  if (!account.paused || account.pausedUntil === null || Date.parse(account.pausedUntil) > ports.now()) return account;
  return (await resume(ports, account, 'timer')) ?? account;
}

async function resume(
  ports: PausePorts,
  account: Account,
  by: 'timer' | 'user',
  key?: string,
): Promise<Account | null> {
  const at = new Date(ports.now()).toISOString();
  const event = outboxEvent('account.resumed', account.id, {
    account_id: account.id,
    by,
    paused_at: account.pausedAt,
    reason: account.pauseReason,
    resumed_at: at,
    ...(key ? { key } : {}),
  });
  const expect = by === 'timer' ? { paused: true, until: account.pausedUntil! } : { paused: true };
  const changed = await ports.accounts.setPause(
    account.id,
    { paused: false, until: null, reason: null },
    { expect, events: [event] },
  );
  return changed?.account ?? null;
}
