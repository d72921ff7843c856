import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { jsonBody, withKey } from '../helpers/api';
import { eventually, startOutreachStack } from '../helpers/outreach-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator, type Json } from '../simulator/sim-fixture';

// Who did what, through the real API over PostgreSQL with keys issued by POST /api/keys: each
// write names the key that made it (never the key itself) where the change is recorded — a DM's
// history (queued, approved, rejected, cancelled), a merge, an opt-out, an account's changes and
// pauses — so "who approved this DM" has an answer.

type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Stack;
let app: ReturnType<Stack['api']>['app'];
const keys: Record<string, string> = {};

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({
      flavor: 'head',
      conversations: 8,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
  ]);
  stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    env: { CRM_APPROVAL_MODE: 'all' },
    backend: 'postgres',
  });
  app = stack.api().app;
  await stack.account('default');
  for (const [name, scope] of [
    ['assistant', 'write'],
    ['ops lead', 'admin'],
    ['viewer', 'read'],
  ]) {
    const res = await app.request('/api/keys', withKey(jsonBody({ name, scope })));
    keys[name!] = ((await res.json()) as Json).secret as string;
  }
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

const as = (name: string, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': keys[name]! },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const sql = <T>(q: string, params: unknown[] = []) => stack.sb.sql.query<T & Record<string, unknown>>(q, params);
const history = async (itemId: string) =>
  await sql<{ status: string; detail: Json }>(
    `select status, detail from outreach_item_events where item_id = $1 order by id`,
    [itemId],
  );

describe('which key did it', () => {
  it("a DM's history names who queued, approved, rejected and cancelled it; the viewer may only look", async () => {
    const [a, b, c] = sim.control.threads().map((t) => t.username) as [string, string, string];
    const queued = (await (
      await as('assistant', 'POST', '/api/outreach/queue', {
        items: [
          { username: a, text: 'hello a' },
          { username: b, text: 'hello b' },
          { username: c, text: 'hello c' },
        ],
      })
    ).json()) as Json;
    const [ia, ib, ic] = queued.messages.map((m: Json) => m.id as string) as [string, string, string];
    assert.equal(
      (await as('viewer', 'POST', `/api/outreach/queue/${ia}/approve`)).status,
      403,
      'a read key approves nothing',
    );
    assert.equal((await as('ops lead', 'POST', `/api/outreach/queue/${ia}/approve`)).status, 200);
    assert.equal((await as('assistant', 'POST', `/api/outreach/queue/${ib}/reject`)).status, 200);
    assert.equal((await as('assistant', 'DELETE', `/api/outreach/queue/${ic}`)).status, 200);
    await eventually(
      () => history(ia),
      (h) => h.some((e) => e.status === 'sent'),
      'the approved DM to go out',
    );
    const by = (h: { status: string; detail: Json }[], status: string) =>
      h.filter((e) => e.status === status).map((e) => e.detail.by as string | undefined);
    const ha = await history(ia);
    assert.deepEqual(by(ha, 'awaiting_approval'), ['assistant'], 'queued by the assistant');
    assert.ok(
      ha.some((e) => e.status === 'queued' && e.detail.reason === 'approved' && e.detail.by === 'ops lead'),
      JSON.stringify(ha),
    );
    assert.deepEqual(by(await history(ib), 'cancelled'), ['assistant']);
    assert.deepEqual(by(await history(ic), 'cancelled'), ['assistant']);
    const item = (await (await as('viewer', 'GET', `/api/outreach/queue/${ia}`)).json()) as Json;
    assert.ok(
      item.history.some((h: Json) => h.detail?.by === 'ops lead'),
      'the API shows it too',
    );
    // A direct DM is made by its workflow's activity: the key's name travels in the workflow's input.
    const direct = sim.control.threads()[5]!.username;
    assert.equal((await as('assistant', 'POST', '/api/contacts', { username: direct })).status, 201);
    assert.equal(
      (await as('assistant', 'POST', `/api/contacts/${direct}/dm`, { text: 'a direct one from the assistant' })).status,
      202,
    );
    const [made] = await eventually(
      () => sql<{ id: string }>(`select id from outreach_items where text = 'a direct one from the assistant'`),
      (r) => r.length === 1,
      'the direct DM to be stored',
    );
    assert.equal((await history(made!.id))[0]!.detail.by, 'assistant');
    const everything = JSON.stringify(await sql(`select detail from outreach_item_events`));
    for (const secret of Object.values(keys)) assert.ok(!everything.includes(secret), 'never the key itself');
  });

  it('opt-outs, merges, account changes and pauses name the key', async () => {
    const [d, e] = sim.control
      .threads()
      .map((t) => t.username)
      .slice(3, 5) as [string, string];
    assert.equal((await as('assistant', 'POST', '/api/contacts', { username: d })).status, 201);
    assert.equal((await as('assistant', 'PATCH', `/api/contacts/${d}`, { opted_out: true })).status, 200);
    const twin = (await (await as('assistant', 'POST', '/api/contacts', { username: e })).json()) as Json;
    const other = await sql<{ id: string }>(
      `insert into contacts (account_id, display_name) values ('default', 'Someone Else') returning id`,
    );
    assert.equal(
      (await as('assistant', 'POST', `/api/contacts/${other[0]!.id}/merge`, { into: twin.contact.id })).status,
      200,
    );
    assert.equal(
      (await as('assistant', 'PATCH', '/api/accounts/default', { messages_per_hour: 7 })).status,
      403,
      'a write key changes no account',
    );
    assert.equal(
      (
        await as('ops lead', 'PATCH', '/api/accounts/default', {
          messages_per_hour: 7,
          incoming_webhook_secret: 'a-new-incoming-secret-0123456789',
        })
      ).status,
      200,
    );
    assert.equal((await as('assistant', 'POST', '/api/outreach/pause', { reason: 'lunch' })).status, 200);
    assert.equal((await as('assistant', 'POST', '/api/outreach/resume', {})).status, 200);
    const events = await sql<{ type: string; payload: Json }>(
      `select type, payload from event_outbox where type in ('contact.opted_out', 'contact.merged', 'account.updated', 'account.paused', 'account.resumed') order by seq`,
    );
    const key = (type: string) =>
      events.filter((x) => x.type === type).map((x) => x.payload.key ?? x.payload.evidence?.key);
    assert.deepEqual(key('contact.opted_out'), ['assistant']);
    assert.deepEqual(key('contact.merged'), ['assistant']);
    assert.deepEqual(key('account.updated'), ['ops lead']);
    assert.deepEqual(
      events.find((x) => x.type === 'account.updated')!.payload.changes,
      { messages_per_hour: 7, incoming_webhook_secret: '(set)' },
      'a secret only as set',
    );
    assert.deepEqual([key('account.paused'), key('account.resumed')], [['assistant'], ['assistant']]);
  });
});
