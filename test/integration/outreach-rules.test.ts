import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { jsonBody, withKey } from '../helpers/api';
import { eventually, startOutreachStack } from '../helpers/outreach-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator, type Json } from '../simulator/sim-fixture';

// The rules checked when a DM is about to go, through the real API: approval holds first contacts,
// opt-out and a reply stop what was queued, a pause stops everything, `process` says why nothing
// goes. Each test has its own account.

type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Stack;
let app: ReturnType<Stack['api']>['app'];

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({
      flavor: 'head',
      conversations: 16,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
  ]);
  stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    env: { CRM_APPROVAL_MODE: 'first_contact' },
    backend: 'postgres',
  });
  app = stack.api().app;
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

let n = 0;
const people = () => sim.control.threads().map((t) => t.username);
const call = async (path: string, init: RequestInit = {}) => {
  const res = await app.request(path, withKey(init));
  return { status: res.status, body: (await res.json()) as Json };
};
const post = (path: string, body: unknown = {}) => call(path, jsonBody(body));
async function account(overrides: Record<string, unknown> = {}) {
  const id = `rules-${++n}`;
  const created = await post('/api/accounts', { id, safari_url: sim.url, ...overrides });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return id;
}
const pacing = async (id: string) =>
  (await call(`/api/outreach/queue?accountId=${id}`)).body.pacing.find((p: Json) => p.accountId === id);
const statusOf = async (itemId: string) => (await call(`/api/outreach/queue/${itemId}`)).body.item.status as string;
const until = (itemId: string, status: string) =>
  eventually(
    () => statusOf(itemId),
    (s) => s === status,
    `item ${itemId} to be ${status}`,
  );

describe('outreach rules through the API', () => {
  it('holds a first-contact DM for approval, sends it once approved, and cancels a rejected one', async () => {
    const id = await account();
    const [a, b] = people().slice(0, 2) as [string, string];
    const first = await post('/api/outreach/queue', { username: a, text: 'nice to meet you', accountId: id });
    const second = await post('/api/outreach/queue', { username: b, text: 'nice to meet you too', accountId: id });
    assert.equal(first.body.message.status, 'awaiting_approval', 'they never wrote to us');
    await eventually(
      () => pacing(id),
      (p) => p.blockedBy === 'awaiting_approval',
      'the sender to say it waits for approval',
    );
    assert.equal((await post(`/api/outreach/queue/${first.body.message.id}/approve`)).status, 200);
    await until(first.body.message.id, 'sent');
    assert.equal((await post(`/api/outreach/queue/${second.body.message.id}/reject`)).status, 200);
    assert.equal(await statusOf(second.body.message.id), 'cancelled');
    assert.equal(
      (await post(`/api/outreach/queue/${second.body.message.id}/approve`)).status,
      409,
      'a rejected DM stays rejected',
    );
    assert.equal(sim.control.sentCount(a, 'nice to meet you'), 1);
    assert.equal(sim.control.sentCount(b, 'nice to meet you too'), 0);
  });

  it('a pause stops everything and says so; at send time an opt-out skips the DM and cancels the rest, a reply stops a campaign', async () => {
    const id = await account({ approval_mode: 'none' });
    const [a, b, c] = people().slice(2, 5) as [string, string, string];
    const paused = await post('/api/outreach/pause', { accountId: id, reason: 'holiday' });
    assert.equal(paused.body.pacing.blockedBy, 'paused');
    assert.match(paused.body.pacing.explanation, /paused until resumed: holiday/);
    const q = await post('/api/outreach/queue', {
      accountId: id,
      items: [
        { username: a, text: 'first' },
        { username: a, text: 'second' },
        { username: b, text: 'launch day', campaign: 'launch' },
        { username: c, text: 'still welcome' },
      ],
    });
    const [optedOut, alsoOptedOut, replied, fine] = q.body.messages.map((m: Json) => m.id as string);
    await eventually(
      () => pacing(id),
      (p) => p.blockedBy === 'paused' && p.state === 'waiting',
      'the sender to wait for the pause',
    );
    const sentBefore = sim.control.sends().length;
    await stack.sb.sql.query(`update contacts set opted_out = true where account_id = $1 and username = $2`, [id, a]);
    // They wrote back after the campaign item was queued (as a sync would have stored it).
    await stack.sb.sql.query(
      `insert into conversations (account_id, contact_id) select account_id, id from contacts where account_id = $1 and username = $2`,
      [id, b],
    );
    await stack.sb.sql.query(
      `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound)
       select v.account_id, v.id, v.contact_id, 0, 'thanks, not now', false from conversations v join contacts k on k.id = v.contact_id
       where k.account_id = $1 and k.username = $2`,
      [id, b],
    );
    assert.equal(sim.control.sends().length, sentBefore, 'nothing went out while paused');
    assert.equal((await post('/api/outreach/resume', { accountId: id })).status, 200);
    assert.equal((await post('/api/outreach/resume', { accountId: id })).status, 200, 'resuming again changes nothing');
    const pauses = await stack.sb.sql.query<{ type: string; by: string; reason: string | null }>(
      `select type, payload ->> 'by' as by, payload ->> 'reason' as reason from event_outbox where type in ('account.paused', 'account.resumed') and entity_id = $1 order by seq`,
      [id],
    );
    assert.deepEqual(pauses, [
      { type: 'account.paused', by: 'user', reason: 'holiday' },
      { type: 'account.resumed', by: 'user', reason: 'holiday' },
    ]);
    await until(fine, 'sent');
    await until(replied, 'skipped');
    const opted = await Promise.all([statusOf(optedOut), statusOf(alsoOptedOut)]);
    assert.deepEqual(opted.sort(), ['cancelled', 'skipped'], 'one skipped at send time, the other cancelled with it');
    assert.equal(
      sim.control.sentCount(a, 'first') + sim.control.sentCount(a, 'second') + sim.control.sentCount(b, 'launch day'),
      0,
    );
  });

  it('process releases the next DM within the rules and otherwise says why not', async () => {
    const id = await account({ approval_mode: 'none', min_delay_ms: 3_600_000, max_delay_ms: 3_600_000 });
    const [a, b] = people().slice(5, 7) as [string, string];
    const q = await post('/api/outreach/queue', {
      accountId: id,
      items: [
        { username: a, text: 'one' },
        { username: b, text: 'two' },
      ],
    });
    await until(q.body.messages[0].id, 'sent');
    const processed = await post('/api/outreach/process', { accountId: id });
    assert.equal(processed.status, 200);
    assert.equal(processed.body.success, false);
    assert.equal(processed.body.blockedBy, 'gap');
    assert.match(processed.body.message, /next send .* keeping the gap between two DMs/);
    assert.ok(Date.parse(processed.body.nextSendAt) > Date.now() + 3_000_000);
    const all = await post('/api/outreach/process-all', { accountId: id });
    assert.deepEqual([all.body.sent, all.body.blockedBy], [0, 'gap']);
    assert.equal(sim.control.sentCount(b, 'two'), 0, 'the gap holds against process');
    const patched = await call(`/api/accounts/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ min_delay_ms: 0, max_delay_ms: 0 }),
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.account.effective.max_delay_ms, 0);
    await until(q.body.messages[1].id, 'sent');
  });

  it('accounts: validated settings, conflicts, effective pacing; /api/status and /api/dm/conversations answer for an account', async () => {
    assert.equal(
      (await post('/api/accounts', { id: 'tz-bad', safari_url: sim.url, time_zone: 'Mars/Olympus' })).status,
      400,
    );
    assert.equal(
      (await post('/api/accounts', { id: 'gap-bad', safari_url: sim.url, min_delay_ms: 10, max_delay_ms: 5 })).status,
      400,
    );
    const id = await account({ messages_per_hour: 2, time_zone: 'Europe/Berlin' });
    assert.equal((await post('/api/accounts', { id, safari_url: sim.url })).status, 409);
    const got = await call(`/api/accounts/${id}`);
    assert.deepEqual(
      [got.body.account.effective.messages_per_hour, got.body.account.effective.time_zone],
      [2, 'Europe/Berlin'],
    );
    const reset = await call(`/api/accounts/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages_per_hour: null }),
    });
    assert.equal(reset.body.account.effective.messages_per_hour, 1000, 'null goes back to the configured default');
    assert.equal(
      (
        await call('/api/accounts/nope', {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
      404,
    );
    // The incoming-webhook secret is write-only: set, it is never shown again, only that it is set.
    const patch = (body: unknown) =>
      call(`/api/accounts/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal(got.body.account.incoming_webhook_secret_set, false);
    assert.equal((await patch({ incoming_webhook_secret: 'too-short' })).status, 400);
    const secret = 'incoming-secret-for-this-account-0001';
    const withSecret = await patch({ incoming_webhook_secret: secret });
    assert.equal(withSecret.body.account.incoming_webhook_secret_set, true);
    for (const answer of [
      withSecret.body,
      (await call(`/api/accounts/${id}`)).body,
      (await call('/api/accounts')).body,
    ]) {
      assert.ok(!JSON.stringify(answer).includes(secret), 'the secret is never echoed');
    }
    assert.equal((await patch({ incoming_webhook_secret: null })).body.account.incoming_webhook_secret_set, false);
    const status = await call(`/api/status?accountId=${id}`);
    assert.equal(status.status, 200);
    assert.equal(status.body.safari.isLoggedIn, true);
    assert.equal(typeof status.body.rateLimits.messagesSentToday, 'number');
    assert.equal(status.body.pacing.accountId, id);
    const conversations = await call(`/api/dm/conversations?accountId=${id}`);
    assert.deepEqual(Object.keys(conversations.body.conversations).sort(), [
      'general',
      'hidden_requests',
      'primary',
      'requests',
    ]);
  });

  it('two process calls at once, racing the sender itself, send the DM once and both get an answer', async () => {
    const id = await account({ approval_mode: 'none' });
    const person = people()[7]!;
    const queued = post('/api/outreach/queue', {
      accountId: id,
      username: person,
      text: 'only once, however often processed',
    });
    const [q, first, second] = await Promise.all([
      queued,
      post('/api/outreach/process', { accountId: id }),
      post('/api/outreach/process', { accountId: id }),
    ]);
    await until(q.body.message.id, 'sent');
    assert.deepEqual([first.status, second.status], [200, 200]);
    // Each answer tells of the one attempt it saw (this item, sent) or, when the sender took the
    // item before the call arrived, of none and why nothing went: never another item, never twice.
    for (const answer of [first.body, second.body]) {
      const told = answer.items.map((i: Json) => [i.itemId, i.status]);
      if (told.length === 0)
        assert.ok(answer.blockedBy, `an answer telling of no attempt says why: ${JSON.stringify(answer)}`);
      else assert.deepEqual(told, [[q.body.message.id, 'sent']], JSON.stringify(answer));
      assert.equal(answer.sent, told.length);
    }
    assert.equal(sim.control.sentCount(person, 'only once, however often processed'), 1);
  });
});
