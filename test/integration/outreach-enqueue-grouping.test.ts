import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../src/adapters/db/account-repository';
import { batchedForApi } from '../../src/adapters/db/api-batching';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createOutreachRepository, type OutreachRepository } from '../../src/adapters/db/outreach-repository';
import { createScoreRepository } from '../../src/adapters/db/score-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { createSenderControl } from '../../src/temporal/sender-control';
import type { WorkflowGateway } from '../../src/temporal/workflow-gateway';
import { senderInput } from '../../src/temporal/workflow-inputs';
import { jsonBody, makeApiDeps, TEST_SENDER_TIMING, withKey } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import type { Json } from '../simulator/sim-fixture';

// POST /api/outreach/queue under concurrency, over the data API on PostgreSQL: requests that wait
// behind a queue write in flight go together in one crm_enqueue_outreach call, yet each gets its
// own answer — its item, 201 or 200, its own refusal — as it would alone; a group costs one wake.

const ACCOUNT = 'grouping';
let sb: TestSupabase;
let app: ReturnType<typeof createApp>;
/** The usernames of each crm_enqueue_outreach call, in order. */
const calls: string[][] = [];
let gate: Promise<void> | null = null;
let beforeGroup: (() => Promise<void>) | null = null;
const looked = new Set<string>();
let signals = 0;

before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  const outreach = createOutreachRepository(db);
  const scores = createScoreRepository(db);
  const spied: OutreachRepository = {
    ...outreach,
    async enqueue(accountId, items) {
      calls.push(items.map((i) => i.username));
      if (calls.length === 1) await gate; // the first write stays in flight while the others arrive
      if (items.length > 1 && beforeGroup) await beforeGroup();
      return outreach.enqueue(accountId, items);
    },
  };
  const spiedScores = {
    ...scores,
    async byUsernames(accountId: string, names: string[]) {
      const rows = await scores.byUsernames(accountId, names);
      for (const n of names) looked.add(n);
      return rows;
    },
  };
  const repos = batchedForApi({ outreach: spied, scores: spiedScores, accounts: createAccountRepository(db) }, 2_000);
  await repos.accounts.ensure(ACCOUNT, 'http://127.0.0.1:9');
  const gateway = { signalWithStart: async () => void signals++ } as unknown as WorkflowGateway;
  const base = makeApiDeps();
  const outreachConfig = {
    ...base.config.outreach,
    defaults: { ...base.config.outreach.defaults, approvalMode: 'none' as const },
  };
  app = createApp(
    makeApiDeps({
      ...repos,
      contacts: createContactRepository(db),
      senders: createSenderControl(gateway, (id) => senderInput(TEST_SENDER_TIMING, id)),
      config: { accountId: ACCOUNT, outreach: outreachConfig },
      now: Date.now,
    }),
  );
  await sb.sql.query(
    `insert into contacts (account_id, username, opted_out, opted_out_reason)
     select $1, u, u = 'opt', case when u = 'opt' then 'manual' end from unnest($2::text[]) u`,
    [ACCOUNT, ['ann', 'bob', 'cid', 'dee', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jon', 'opt']],
  );
});
after(async () => {
  await sb?.stop();
});

const queue = async (body: unknown, key?: string) => {
  const res = await app.request(
    '/api/outreach/queue',
    withKey(jsonBody(body, key ? { headers: { 'idempotency-key': key } } : {})),
  );
  return { status: res.status, body: (await res.json()) as Json };
};
const dm = (username: string) => ({ username, text: `Hello ${username}, just for you` });
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 2_000 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), `waited for ${what}`);
}

/**
 * Sends the first request and holds its write in flight; sends the others, waits until each has
 * looked up its contacts and so waits behind that write; then lets the write go.
 */
async function behindOneWrite(first: () => Promise<Answer>, rest: (() => Promise<Answer>)[], names: string[]) {
  calls.length = 0;
  let open!: () => void;
  gate = new Promise((r) => (open = r));
  const one = first();
  await until(() => calls.length === 1, 'the first write');
  looked.clear();
  const others = rest.map((r) => r());
  await until(() => names.every((n) => looked.has(n)), 'every lookup');
  await turns(5);
  open();
  return [await one, ...(await Promise.all(others))];
}
type Answer = Awaited<ReturnType<typeof queue>>;
const message = (a: Answer) => a.body.message as { id: string; username: string; text: string };
const count = async (sql: string) => Number((await sb.sql.query<{ n: string }>(sql, [ACCOUNT]))[0]!.n);

describe('queueing under concurrency', () => {
  it('groups the requests waiting behind a write into one call, and answers each as if it were alone', async () => {
    const [ann, bob, cid1, cid2, dee1, dee2, opt, bad, pair] = await behindOneWrite(
      () => queue(dm('ann')),
      [
        () => queue(dm('bob')),
        () => queue(dm('cid'), 'key-1'),
        () => queue({ ...dm('cid'), text: 'a retry names the same key' }, 'key-1'),
        () => queue(dm('dee')),
        () => queue(dm('dee')),
        () => queue(dm('opt')),
        () => queue({ username: 'eve' }),
        () => queue({ items: [{ ...dm('fay'), priority: 10 }, dm('gus')] }),
      ],
      ['bob', 'cid', 'dee', 'opt', 'fay', 'gus'],
    );
    assert.deepEqual(
      calls.map((c) => c.sort()),
      [['ann'], ['bob', 'cid', 'cid', 'dee', 'dee', 'fay', 'gus']],
      'the six requests behind the first write went as one call',
    );
    for (const [a, who] of [
      [ann, 'ann'],
      [bob, 'bob'],
    ] as const) {
      assert.equal(a!.status, 201);
      assert.equal(a!.body.created, true);
      assert.deepEqual([message(a!).username, message(a!).text], [who, `Hello ${who}, just for you`]);
    }
    for (const [x, y] of [
      [cid1!, cid2!],
      [dee1!, dee2!],
    ] as const) {
      assert.deepEqual([x.status, y.status].sort(), [200, 201], 'the same DM twice: one queued, one already there');
      assert.deepEqual([x.body.created, y.body.created].sort(), [false, true]);
      assert.equal(message(x).id, message(y).id);
    }
    assert.equal(message(cid1!).text, 'Hello cid, just for you', 'the first request under the key is the one kept');
    assert.equal(opt!.status, 409);
    assert.equal((opt!.body.error as { code: string }).code, 'OPTED_OUT');
    assert.equal(bad!.status, 400);
    assert.equal(pair!.status, 201);
    assert.equal(pair!.body.created, 2);
    assert.deepEqual(
      (pair!.body.messages as { username: string }[]).map((m) => m.username),
      ['fay', 'gus'],
    );
    assert.equal(await count(`select count(*) as n from outreach_items where account_id = $1`), 6);
    assert.equal(
      await count(`select count(*) as n from event_outbox where account_id = $1 and type = 'outreach.queued'`),
      6,
      'one outreach.queued event per stored item, written with it',
    );
    assert.equal(signals, 2, 'one wake for the first write, one for the group');
  });

  it('fails only the request the database refuses when a grouped call is refused', async () => {
    beforeGroup = async () => void (await sb.sql.query(`delete from contacts where username = 'eve'`));
    const eventsBefore = await count(`select count(*) as n from event_outbox where account_id = $1`);
    const [hal, ivy, jon, eve] = await behindOneWrite(
      () => queue(dm('hal')),
      [() => queue(dm('ivy')), () => queue(dm('jon')), () => queue(dm('eve'))],
      ['ivy', 'jon', 'eve'],
    );
    beforeGroup = null;
    assert.deepEqual(
      calls.map((c) => c.sort()),
      [['hal'], ['eve', 'ivy', 'jon'], ['ivy'], ['jon'], ['eve']],
      'the refused group went again one request at a time',
    );
    for (const [a, who] of [
      [hal!, 'hal'],
      [ivy!, 'ivy'],
      [jon!, 'jon'],
    ] as const) {
      assert.equal(a.status, 201, who);
      assert.equal(message(a).username, who);
    }
    assert.ok(eve!.status >= 500, `eve's contact was deleted under the request: ${eve!.status}`);
    assert.equal(await count(`select count(*) as n from outreach_items where account_id = $1 and username = 'eve'`), 0);
    assert.equal(
      (await count(`select count(*) as n from event_outbox where account_id = $1`)) - eventsBefore,
      3,
      'one event each for hal, ivy and jon: the refused call wrote nothing',
    );
  });
});
