import type { AccountRepository } from './account-repository';
import { coalesceByKey } from '../coalesce';
import { DbError } from './db-errors';
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
  type Items = Parameters<OutreachRepository['enqueue']>[1];
  type Answer = { stored: Enqueued } | { failed: unknown };
  const enqueue = coalesceByKey<Items, Answer>(async (accountId, requests) => {
    try {
      const all = await repos.outreach.enqueue(accountId, requests.flat());
      let at = 0;
      return requests.map((items) => ({
        stored: { items: all.items.slice(at, (at += items.length)), pending: all.pending },
      }));
    } catch (err) {
      // The database refused something in the group, in one transaction: nothing was written. Each
      // request goes again alone, so only the one it refuses fails, as without grouping.
      if (requests.length === 1 || !(err instanceof DbError) || err.retryable) throw err;
      return Promise.all(
        requests.map((items) =>
          repos.outreach.enqueue(accountId, items).then(
            (stored) => ({ stored }),
            (failed: unknown) => ({ failed }),
          ),
        ),
      );
    }
  });
  type Rows = Awaited<ReturnType<ScoreRepository['byUsernames']>>;
  const byUsernames = coalesceByKey<string[], Rows>(async (accountId, requests) => {
    const rows = await repos.scores.byUsernames(accountId, [...new Set(requests.flat())]);
    return requests.map((names) =>
      rows.filter((r) => r.contact.username !== null && names.includes(r.contact.username)),
    );
  });

  return {
    outreach: {
      ...repos.outreach,
      enqueue: async (accountId: string, items: Items) => {
        if (!items.length) return repos.outreach.enqueue(accountId, items);
        const answer = await enqueue(accountId, items);
        if ('failed' in answer) throw answer.failed;
        return answer.stored;
      },
    },
    scores: {
      ...repos.scores,
      byUsernames: (accountId: string, names: string[]) =>
        names.length ? byUsernames(accountId, names) : Promise.resolve([]),
    },
    accounts: cachedAccounts(repos.accounts, accountTtlMs, now),
  };
}

/**
 * Account rows kept for `ttlMs`. One read per account at a time, shared by every request that
 * asks meanwhile; past half the TTL the row is served while a fresh read goes out, so under
 * steady traffic no request waits for one. A write through here forgets the row, and a read that
 * began before the write is not kept.
 */
function cachedAccounts(repo: AccountRepository, ttlMs: number, now: () => number): AccountRepository {
  type Row = Awaited<ReturnType<AccountRepository['get']>>;
  const cache = new Map<string, { at: number; account: Row }>();
  const reading = new Map<string, Promise<Row>>();
  const generation = new Map<string, number>();
  function read(id: string): Promise<Row> {
    const pending = reading.get(id);
    if (pending) return pending;
    const gen = generation.get(id) ?? 0;
    const at = now();
    const p = repo
      .get(id)
      .then((account) => {
        if ((generation.get(id) ?? 0) === gen) cache.set(id, { at, account });
        return account;
      })
      .finally(() => reading.get(id) === p && reading.delete(id));
    reading.set(id, p);
    return p;
  }
  const forget = <T>(id: string, result: T) => {
    generation.set(id, (generation.get(id) ?? 0) + 1);
    cache.delete(id);
    reading.delete(id);
    return result;
  };
  return {
    ...repo,
    async get(id) {
      const hit = cache.get(id);
      const age = hit ? now() - hit.at : Infinity;
      if (!hit || age >= ttlMs) return read(id);
      if (age >= ttlMs / 2) void read(id).catch(() => undefined);
      return hit.account;
    },
    ensure: async (id, url) => forget(id, await repo.ensure(id, url)),
    // Every argument passed on: a wrapper that drops one loses what it carries (the events).
    create: async (id, url, overrides, o) => forget(id, await repo.create(id, url, overrides, o)),
    update: async (id, patch, o) => forget(id, await repo.update(id, patch, o)),
    setPause: async (id, pause, o) => forget(id, await repo.setPause(id, pause, o)),
  };
}
