import type { AccountRepository } from './account-repository';
import { coalesceByKey } from './coalesce';
import type { Enqueued, OutreachRepository } from './outreach-repository';
import type { ScoreRepository } from './score-repository';

/**
 * The API's view of three repositories, shaped for many concurrent requests: queueing and contact
 * lookups of one account are grouped into one request each (see coalesce.ts), and account rows are
 * kept for a moment, since every outreach route reads one and they change rarely (a change made
 * through this API is seen at once; one made elsewhere within `accountTtlMs`).
 */
export function batchedForApi(
  repos: { outreach: OutreachRepository; scores: ScoreRepository; accounts: AccountRepository },
  accountTtlMs: number,
  now: () => number = Date.now,
) {
  const enqueue = coalesceByKey<Parameters<OutreachRepository['enqueue']>[1], Enqueued>(async (accountId, requests) => {
    const all = await repos.outreach.enqueue(accountId, requests.flat());
    let at = 0;
    return requests.map((items) => ({ items: all.items.slice(at, (at += items.length)), pending: all.pending }));
  });
  type Rows = Awaited<ReturnType<ScoreRepository['byUsernames']>>;
  const byUsernames = coalesceByKey<string[], Rows>(async (accountId, requests) => {
    const rows = await repos.scores.byUsernames(accountId, [...new Set(requests.flat())]);
    return requests.map((names) =>
      rows.filter((r) => r.contact.username !== null && names.includes(r.contact.username)),
    );
  });

  const cache = new Map<string, { at: number; account: Awaited<ReturnType<AccountRepository['get']>> }>();
  const forget = <T>(id: string, result: T) => (cache.delete(id), result);
  const accounts: AccountRepository = {
    ...repos.accounts,
    async get(id) {
      const hit = cache.get(id);
      if (hit && now() - hit.at < accountTtlMs) return hit.account;
      const account = await repos.accounts.get(id);
      cache.set(id, { at: now(), account });
      return account;
    },
    ensure: async (id, url) => forget(id, await repos.accounts.ensure(id, url)),
    // Every argument passed on: a wrapper that drops one loses what it carries (the events).
    create: async (id, url, overrides, o) => forget(id, await repos.accounts.create(id, url, overrides, o)),
    update: async (id, patch, o) => forget(id, await repos.accounts.update(id, patch, o)),
    setPause: async (id, pause, o) => forget(id, await repos.accounts.setPause(id, pause, o)),
  };

  return {
    outreach: {
      ...repos.outreach,
      enqueue: (accountId: string, items: Parameters<OutreachRepository['enqueue']>[1]) =>
        items.length ? enqueue(accountId, items) : repos.outreach.enqueue(accountId, items),
    },
    scores: {
      ...repos.scores,
      byUsernames: (accountId: string, names: string[]) =>
        names.length ? byUsernames(accountId, names) : Promise.resolve([]),
    },
    accounts,
  };
}
