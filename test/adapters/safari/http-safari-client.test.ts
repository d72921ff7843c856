import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createHostLock } from '../../../src/adapters/safari/host-lock';
import type { SafariProgress } from '../../../src/adapters/safari/safari-client';
import { clientFor, someUser, startSimulator, waitFor } from '../../simulator/sim-fixture';

describe('HTTP Safari client against the simulator', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  before(async () => {
    sim = await startSimulator({ flavor: 'ccf4331' });
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  it('readThread opens the named thread and reads that thread, repeats included', async () => {
    const user = someUser(sim.control, 2);
    sim.control.addInbound(user, 'ok');
    sim.control.addInbound(user, 'ok');
    const result = await clientFor(sim.url).readThread(user, 50);
    assert.ok(result.ok);
    const truth = sim.control
      .threads()
      .find((t) => t.username === user)!
      .messages.filter((m) => m.atMs <= sim.control.now());
    assert.deepEqual(
      result.value.messages.map((m) => m.text),
      truth.map((m) => m.text).slice(-50),
    );
    assert.deepEqual(
      result.value.messages.slice(-2).map((m) => m.text),
      ['ok', 'ok'],
    );
  });

  it('readThread does not read when the open failed, so no other thread is reported as this one', async () => {
    const client = clientFor(sim.url);
    assert.ok((await client.openConversation(someUser(sim.control, 0))).ok);
    const result = await client.readThread('nobody.here.at.all', 20);
    // The server's `success: false` for an open: no row matched, so the same call fails the same way.
    assert.equal(result.code, 'NOT_FOUND');
    assert.equal(!result.ok && result.retrySafe, false, 'not worth repeating');
    assert.equal(sim.control.requests()['/api/messages'], undefined);
  });

  it('listConversations(tab) switches to the tab and lists it', async () => {
    const result = await clientFor(sim.url).listConversations('requests');
    assert.ok(result.ok);
    const expected = sim.control
      .threads()
      .filter((t) => t.tab === 'requests')
      .map((t) => t.username)
      .sort();
    assert.deepEqual(result.value.map((r) => r.username).sort(), expected);
    assert.equal(sim.control.requests()['/api/inbox/tab'], 1);
  });

  it('sends the API key on every call when one is set, and none otherwise', async () => {
    await clientFor(sim.url).health();
    assert.deepEqual(sim.control.apiKeysSeen(), []);
    const keyed = clientFor(sim.url, { apiKey: 'safari-key-123' });
    await keyed.health();
    await keyed.listAllConversations();
    assert.deepEqual(sim.control.apiKeysSeen(), ['safari-key-123']);
  });

  it('reports progress ticks while a long call is in flight', async () => {
    sim.control.scriptFaults('/api/conversations/all', [{ kind: 'slow', delayMs: 300 }]);
    const seen: SafariProgress[] = [];
    const result = await clientFor(sim.url).listAllConversations({ onProgress: (p) => seen.push(p) });
    assert.ok(result.ok);
    const phases = seen.map((p) => p.phase);
    assert.equal(phases[0], 'queued');
    assert.equal(phases.at(-1), 'done');
    assert.ok(phases.filter((p) => p === 'waiting').length >= 3, phases.join(','));
  });

  it('an abort while queued throws and sends nothing', async () => {
    const lock = createHostLock();
    sim.control.scriptFaults('/api/conversations/all', [{ kind: 'slow', delayMs: 200 }]);
    const busy = clientFor(sim.url, { lock }).listAllConversations();
    const ctl = new AbortController();
    const queued = clientFor(sim.url, { lock }).sendTo(someUser(sim.control), 'never', { signal: ctl.signal });
    setTimeout(() => ctl.abort(new Error('activity cancelled')), 30);
    await assert.rejects(queued, /activity cancelled/);
    assert.ok((await busy).ok);
    assert.equal(sim.control.requests()['/api/messages/send-to'], undefined);
  });

  it('an abort after a send left is OUTCOME_UNKNOWN, and the DM did go out', async () => {
    sim.control.scriptFaults('/api/messages/send-to', [{ kind: 'slow', delayMs: 200 }]);
    const user = someUser(sim.control);
    const ctl = new AbortController();
    const pending = clientFor(sim.url).sendTo(user, 'hello there', { signal: ctl.signal });
    await waitFor(() => sim.control.requests()['/api/messages/send-to'] === 1, 'the send to arrive');
    ctl.abort(new Error('activity cancelled'));
    const result = await pending;
    assert.equal(result.code, 'OUTCOME_UNKNOWN');
    assert.equal(result.ok ? null : result.retrySafe, false);
    await waitFor(() => sim.control.sentCount(user, 'hello there') === 1, 'the DM to go out anyway');
  });

  it('a server that is not listening is a SERVER_ERROR a send may retry', async () => {
    const gone = await startSimulator();
    await gone.close();
    const result = await clientFor(gone.url).sendTo('someone', 'hi');
    assert.equal(result.code, 'SERVER_ERROR');
    assert.equal(result.ok ? null : result.retrySafe, true);
  });
});

describe('HTTP Safari client schemas accept both server versions', () => {
  const stub = (body: unknown) =>
    clientFor('http://safari.test', { fetch: async () => new Response(JSON.stringify(body), { status: 200 }) });

  it('ccf4331 rows (handle only) and HEAD rows (display name, threadId, extra fields) both read', async () => {
    const ccf = await stub({
      conversations: [{ username: 'maya.builds', lastMessage: 'hi' }],
      count: 1,
    }).listConversations();
    assert.deepEqual(ccf.ok && ccf.value, [{ username: 'maya.builds', lastMessage: 'hi' }]);
    const head = await stub({
      conversations: [
        { username: 'Maya Okafor', threadId: '3402', lastMessage: 'hi', lastMessageIsOutbound: true, extra: 1 },
      ],
      count: 1,
      scrolled: false,
    }).listConversations();
    assert.deepEqual(head.ok && head.value, [
      { username: 'Maya Okafor', threadId: '3402', lastMessage: 'hi', lastMessageIsOutbound: true },
    ]);
  });

  it("HEAD's empty threadId and timestamp become absent fields", async () => {
    const rows = await stub({ conversations: [{ username: 'x', threadId: '' }], count: 1 }).listConversations();
    assert.deepEqual(rows.ok && rows.value, [{ username: 'x' }]);
    const msgs = await stub({
      messages: [{ text: 'hey', isOutbound: false, messageType: 'text', timestamp: '' }],
      count: 1,
    }).readMessages(5);
    assert.deepEqual(msgs.ok && msgs.value, [{ text: 'hey', isOutbound: false, messageType: 'text' }]);
  });

  it('HEAD send-to receipts keep strategy and verification', async () => {
    const body = {
      success: true,
      verified: true,
      verifiedRecipient: 'maya',
      username: 'maya',
      strategy: 'profile',
      rateLimits: { messagesSentToday: 1, messagesSentThisHour: 1 },
    };
    const sent = await stub(body).sendTo('maya', 'hi');
    assert.deepEqual(sent.ok && sent.value, {
      username: 'maya',
      verified: true,
      strategy: 'profile',
      rateLimits: body.rateLimits,
    });
  });

  it('a 200 missing what the CRM reads is a malformed answer', async () => {
    const listed = await stub({ count: 3 }).listAllConversations();
    assert.equal(listed.code, 'SERVER_ERROR');
    const sent = await stub({ queued: true }).sendTo('maya', 'hi');
    assert.equal(sent.code, 'OUTCOME_UNKNOWN');
  });
});
