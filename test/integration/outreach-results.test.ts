import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../src/adapters/db/account-repository';
import { createResultsRepository } from '../../src/adapters/db/results-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { makeApiDeps, withKey } from '../helpers/api';
import { RESULTS_ACCOUNT, seedResults, T1 } from '../helpers/results-world';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import type { Json } from '../simulator/sim-fixture';

// GET /api/analytics/outreach over PostgREST and PostgreSQL, on the world of results-world.ts. Every
// expected row is worked out below from that world's table by hand, with a reply window of 48 h.

const WINDOW_MS = 48 * 3_600_000;
const PERIOD = 'since=2026-11-01&until=2026-11-08';

let sb: TestSupabase;
let app: ReturnType<typeof createApp>;
before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  await seedResults(sb, 'http://127.0.0.1:3100');
  app = createApp(
    makeApiDeps({
      accounts: createAccountRepository(db),
      results: createResultsRepository(db),
      config: { accountId: RESULTS_ACCOUNT, analytics: { replyWindowMs: WINDOW_MS } },
    }),
  );
});
after(async () => {
  await sb?.stop();
});

const get = async (query: string) => {
  const res = await app.request(`/api/analytics/outreach?${query}`, withKey());
  return { status: res.status, body: (await res.json()) as Json };
};
const rowsOf = async (query: string) => {
  const { status, body } = await get(query);
  assert.equal(status, 200, JSON.stringify(body));
  return body.rows;
};

/** A row in the answer's field order. */
const row = (
  group: string | null,
  [queued, sent, failed, reached]: number[],
  [replied, replyRate, medianMinutesToReply]: (number | null)[],
  [optedOut, interested]: number[],
) => ({ group, queued, sent, failed, reached, replied, replyRate, medianMinutesToReply, optedOut, interested });

describe('outreach results on a seeded world', () => {
  it('per campaign: a reply counts within 48 h of the campaign’s first DM to that contact', async () => {
    // autumn: fay (i8 18:00, writes 18:10: 10 min, not_now) and ben (i9 11-03 09:00, writes 11-04
    //   20:00: 35 h = 2100 min, interested): both replied, median (10 + 2100) / 2; fay's opt-out is
    //   8 days later, outside the window.
    // spring: i6 queued, i5 failed, i1–i4 sent (i7 skipped counts in none) to ana, ben, cy.
    //   ana: first DM 11-02 12:00, writes 13:30 (90 min; our 13:00 message is outbound), interested;
    //   ben: first DM 11-02 14:00, writes 11-04 20:00 = 54 h later: no reply;
    //   cy: first DM 11-02 04:00, seen 10:00 (no time from Instagram): 360 min; opted out then.
    //   2 of 3 replied, median (90 + 360) / 2.
    // no campaign: i10 to cy 11-03 20:00, nothing after it; cy's opt-out was before it.
    // old: sent 10-01, before the period.
    assert.deepEqual(await rowsOf(`groupBy=campaign&${PERIOD}`), [
      row('autumn', [0, 2, 0, 2], [2, 1, 1055], [0, 1]),
      row('spring', [1, 4, 1, 3], [2, 0.6667, 225], [1, 1]),
      row(null, [0, 1, 0, 1], [0, 0, null], [0, 0]),
    ]);
  });

  it('per step: the follow-up has its own first DM, so its reply is the one after it', async () => {
    // step 0: i1 i3 i4 i8 i9 i10 sent, i5 failed, i6 queued; reached ana, ben (first 11-02 14:00),
    //   cy (first 11-02 04:00), fay: replies 90 (ana, interested), 360 (cy), 10 (fay); median 90.
    // step 1: i2 to ana 11-03 12:00, she writes 12:30 (a question): 30 min, not interested.
    assert.deepEqual(await rowsOf(`groupBy=step&${PERIOD}`), [
      row('0', [1, 6, 1, 4], [3, 0.75, 90], [1, 1]),
      row('1', [0, 1, 0, 1], [1, 1, 30], [0, 0]),
    ]);
  });

  it("per day: days of sending (of queueing when not sent) in the account's zone", async () => {
    // 2026-11-01 (New York): i4 (04:00 UTC) to cy: 360 min, opted out.
    // 2026-11-02: i1 ana (90, interested), i3 ben (no reply in 48 h), i8 fay (10), i5 failed, i6 queued, i7 skipped.
    // 2026-11-03: i2 ana 12:00 (30), i9 ben 09:00 (2100, interested), i10 cy 20:00 (none); median (30 + 2100) / 2.
    assert.deepEqual(await rowsOf(`groupBy=day&${PERIOD}`), [
      row('2026-11-01', [0, 1, 0, 1], [1, 1, 360], [1, 0]),
      row('2026-11-02', [1, 3, 1, 3], [2, 0.6667, 50], [0, 1]),
      row('2026-11-03', [0, 3, 0, 3], [2, 0.6667, 1065], [0, 1]),
    ]);
  });

  it('per template (its id when stored, else its label), per video lane, per video', async () => {
    // T1: ana's i1 and i2, first 11-02 12:00: 90 min, interested. spring-a: i3 ben (none), i4 cy (360, opted out), i5 i6 i7.
    const friendship = row('video:friendship', [0, 1, 0, 1], [1, 1, 10], [0, 0]);
    const service = row('video:service', [0, 1, 0, 1], [1, 1, 2100], [0, 1]);
    assert.deepEqual(await rowsOf(`groupBy=template&${PERIOD}`), [
      row(T1, [0, 2, 0, 1], [1, 1, 90], [0, 1]),
      row('spring-a', [1, 2, 1, 2], [1, 0.5, 360], [1, 0]),
      friendship,
      service,
      row(null, [0, 1, 0, 1], [0, 0, null], [0, 0]),
    ]);
    // Not a video DM: i1–i7 and i10, reached ana, ben, cy at their first DMs of 11-02: as spring.
    const noVideo = row(null, [1, 5, 1, 3], [2, 0.6667, 225], [1, 1]);
    assert.deepEqual(await rowsOf(`groupBy=lane&${PERIOD}`), [
      { ...friendship, group: 'friendship' },
      { ...service, group: 'service' },
      noVideo,
    ]);
    assert.deepEqual(await rowsOf(`groupBy=video&${PERIOD}`), [
      row('vid-1', [0, 2, 0, 2], [2, 1, 1055], [0, 1]),
      noVideo,
    ]);
  });

  it('the period decides which DMs count, and so which DM is the first', async () => {
    // From 11-03: i2 (ana 12:00: 30 min, a question), i9 (ben: 2100, interested), i10 (cy: none).
    assert.deepEqual(await rowsOf('groupBy=campaign&since=2026-11-03T00:00:00Z&until=2026-11-08'), [
      row('autumn', [0, 1, 0, 1], [1, 1, 2100], [0, 1]),
      row('spring', [0, 1, 0, 1], [1, 1, 30], [0, 0]),
      row(null, [0, 1, 0, 1], [0, 0, null], [0, 0]),
    ]);
    // No period: old (i11, ana 10-01: nothing within 48 h) too.
    const all = await get('groupBy=campaign');
    assert.deepEqual(
      all.body.rows.map((r: Json) => [r.group, r.sent, r.replied]),
      [
        ['autumn', 2, 2],
        ['old', 1, 0],
        ['spring', 4, 2],
        [null, 1, 0],
      ],
    );
    assert.deepEqual([all.body.since, all.body.until, all.body.timeZone], [null, null, 'America/New_York']);
    assert.equal(all.body.replyWindowMs, WINDOW_MS);
    assert.deepEqual(await rowsOf('groupBy=campaign&since=2026-12-01'), [], 'nothing in December');
  });
});

describe('outreach results: bad requests and outages', () => {
  const refused = async (query: string, status: number, code: string) => {
    const res = await get(query);
    assert.equal(res.status, status, `${query}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, code, query);
  };

  it('answers 400 in the envelope for a bad grouping, a bad date or a period that ends before it starts', async () => {
    await refused('groupBy=week', 400, 'VALIDATION_FAILED');
    await refused('since=yesterday', 400, 'VALIDATION_FAILED');
    await refused('until=2026-13-01', 400, 'VALIDATION_FAILED');
    await refused('since=0000-01-01', 400, 'VALIDATION_FAILED');
    await refused('until=9999-12-31T23:00:00-05:00', 400, 'VALIDATION_FAILED');
    await refused('since=2026-11-08&until=2026-11-01', 400, 'VALIDATION_FAILED');
    await refused('accountId=Not%20an%20id', 400, 'VALIDATION_FAILED');
    await refused('accountId=nobody', 404, 'NOT_FOUND');
    assert.equal((await get('since=2026-11-02&until=2026-11-02')).status, 200, 'an empty period is a period');
  });

  it('answers 503 when the database cannot be reached', async () => {
    const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
    const down = createApp(
      makeApiDeps({
        accounts: createAccountRepository(db),
        results: createResultsRepository(createSupabase({ url: 'http://127.0.0.1:9', key: sb.serviceRoleKey })),
        config: { accountId: RESULTS_ACCOUNT },
      }),
    );
    const res = await down.request('/api/analytics/outreach', withKey());
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as Json).error.code, 'DB_UNAVAILABLE');
  });
});
