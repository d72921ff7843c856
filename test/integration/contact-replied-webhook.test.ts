import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { syncConversationsContract } from '../../src/contracts/catalogue';
import { jsonBody, withKey } from '../helpers/api';
import { eventually, startOutreachStack } from '../helpers/outreach-stack';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { FAST_TIMING } from '../helpers/sync-stack';
import { startTestTemporal } from '../helpers/temporal';
import { WEBHOOK_TEST_ENV } from '../helpers/webhook-stack';
import { clientFor, startSimulator, type Json } from '../simulator/sim-fixture';

// Issue 23 §5 end to end: a DM sent by the real sender to a simulator contact, their reply written
// to the simulator and stored by the sync workflow over PostgreSQL, and the contact.replied that
// write produced delivered, signed, to a receiver subscribed through the API — once per DM.

const ACCOUNT = 'main';
type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let stack: Stack;
let env: Awaited<ReturnType<typeof startTestTemporal>>;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let app: ReturnType<Stack['api']>['app'];
let receiver: Receiver;

const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, withKey(body === undefined ? { method } : jsonBody(body, { method })));
  return { status: res.status, body: (await res.json()) as Json };
};

async function sync() {
  const started = await stack.gateway.start(syncConversationsContract, {
    version: 1 as const,
    accountId: ACCOUNT,
    scope: { kind: 'inbox' as const, tab: 'all' as const },
    readThreads: true,
    batchSize: 10,
    readLimit: 100,
    batchesPerRun: 100,
    timing: FAST_TIMING,
  });
  await env.client.workflow.getHandle(started.workflowId, started.runId).result();
}

before(async () => {
  [env, sim, receiver] = await Promise.all([
    startTestTemporal(),
    startSimulator({ flavor: 'head', seed: 42, conversations: 4 }),
    startReceiver(),
  ]);
  stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    backend: 'postgres',
    webhooks: true,
    env: {
      ...WEBHOOK_TEST_ENV,
      CRM_ACCOUNT_ID: ACCOUNT,
      CRM_APPROVAL_MODE: 'none',
      // The simulator shows no time on our messages: the sync stores them as written now.
      CRM_OUTREACH_COOLDOWN: 'off',
    },
  });
  await stack.account(ACCOUNT);
  app = stack.api().app;
  await sync();
});
after(async () => {
  await receiver?.close();
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

const ofType = (type: string) => receiver.received.filter((r) => r.event === type && r.body.event === type);

describe('contact.replied on the wire', () => {
  it('reaches a subscribed receiver, signed, with the DM, its campaign and the intent; once per DM', async () => {
    // Subscribed to message.received too: its arrival shows the dispatcher has passed a later write.
    const hook = await call('POST', '/api/webhooks', {
      url: receiver.url,
      events: ['contact.replied', 'message.received'],
    });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
    receiver.setSecret(hook.body.webhook.secret as string);

    const person = sim.control.threads()[0]!.username;
    const queued = await call('POST', '/api/outreach/queue', {
      accountId: ACCOUNT,
      username: person,
      text: 'New video on automating your content calendar',
      campaign: 'video:calendar',
    });
    assert.equal(queued.status, 201, JSON.stringify(queued.body));
    const itemId = queued.body.message.id as string;
    await eventually(
      () => call('GET', `/api/outreach/queue/${itemId}`),
      (r) => r.body.item?.status === 'sent',
      'the DM to go out',
    );
    const contactId = (await call('GET', `/api/contacts/${person}`)).body.contact.id as string;

    sim.control.addInbound(person, 'Yes please, send it!');
    await sync();
    const [reply] = await stack.sb.sql.query<{ id: string }>(
      `select id from messages where contact_id = $1 and message_text = 'Yes please, send it!'`,
      [contactId],
    );
    assert.ok(reply, 'the reply was stored');
    await eventually(
      async () => ofType('contact.replied').length,
      (n) => n >= 1,
      'contact.replied at the receiver',
    );
    const [got] = ofType('contact.replied');
    assert.ok(got!.standardOk, 'Standard Webhooks signature verifies');
    assert.ok(got!.designOk, "the design's signature verifies");
    assert.equal(got!.answered, 200);
    const data = got!.body.data as Json;
    assert.deepEqual(
      [data.item_id, data.campaign, data.message_id, data.intent],
      [itemId, 'video:calendar', reply.id, 'interested'],
    );
    assert.deepEqual(data.contact, { id: contactId, username: person, display_name: data.contact.display_name });
    assert.equal(typeof data.intent_reason, 'string');

    // A second reply to the same DM: stored and delivered as a message, but no second contact.replied.
    sim.control.addInbound(person, 'How long is it?');
    await sync();
    await eventually(
      async () =>
        ofType('message.received').filter((r) => (r.body.data as Json).message.text === 'How long is it?').length,
      (n) => n === 1,
      'the second reply delivered as message.received',
    );
    const pending = () =>
      stack.sb.sql.query<{ n: string }>(`select count(*)::text as n from webhook_deliveries where status = 'pending'`);
    await eventually(pending, (rows) => rows[0]!.n === '0', 'every delivery settled');
    const replied = await stack.sb.sql.query<{ n: string }>(
      `select count(*)::text as n from webhook_deliveries where event_type = 'contact.replied'`,
    );
    assert.equal(replied[0]!.n, '1', 'one contact.replied delivery in all');
    assert.equal(ofType('contact.replied').length, 1, 'the receiver got contact.replied once');
    assert.equal((await call('GET', `/api/contacts/${person}`)).body.contact.last_intent, 'question');
  });
});
