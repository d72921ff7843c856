import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { HOUR_MS, raw, someUser, startSimulator, START_MS } from './sim-fixture';

/** The same control operations over HTTP, for a simulator running in another process. */
describe('simulator control API (/__sim)', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  before(async () => {
    sim = await startSimulator({ flavor: 'ccf4331' });
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  const post = (path: string, body: unknown) => raw(sim.url, `/__sim${path}`, { method: 'POST', body });

  it('scripts faults, lists what is pending, and clears them', async () => {
    const scripted = await post('/faults', {
      route: '/api/conversations',
      faults: ['server_error', { kind: 'slow', delayMs: 1 }],
    });
    assert.deepEqual(scripted.json.pending, { '/api/conversations': ['server_error', 'slow'] });
    assert.equal((await raw(sim.url, '/api/conversations')).status, 500);
    await raw(sim.url, '/__sim/faults', { method: 'DELETE' });
    assert.equal((await raw(sim.url, '/api/conversations')).status, 200);
  });

  it('turns on seeded random faults', async () => {
    await post('/faults/random', { seed: 4, probability: 1, kinds: ['session_missing'] });
    assert.equal((await raw(sim.url, '/api/conversations')).status, 503);
    await post('/faults/random', null);
    assert.equal((await raw(sim.url, '/api/conversations')).status, 200);
  });

  it('adds an inbound reply that the thread then shows', async () => {
    const user = someUser(sim.control, 4);
    await post('/inbound', { username: user, text: 'just replied' });
    await raw(sim.url, '/api/conversations/open', { method: 'POST', body: { username: user } });
    const last = (await raw(sim.url, '/api/messages?limit=1')).json.messages[0];
    assert.deepEqual(last, { text: 'just replied', isOutbound: false, messageType: 'text' });
  });

  it('sets and advances the clock', async () => {
    assert.deepEqual((await post('/clock', { nowMs: START_MS + HOUR_MS })).json, { nowMs: START_MS + HOUR_MS });
    assert.deepEqual((await post('/clock', { advanceMs: 1000 })).json, { nowMs: START_MS + HOUR_MS + 1000 });
    assert.equal((await raw(sim.url, '/api/rate-limits')).json.activeHours.currentHour, 13);
  });

  it('reads the ledger, the count per DM and the overlap counter', async () => {
    const user = someUser(sim.control);
    await raw(sim.url, '/api/messages/send-to', { method: 'POST', body: { username: user, text: 'counted' } });
    const ledger = (await raw(sim.url, '/__sim/ledger')).json;
    assert.equal(ledger.sends.length, 1);
    assert.equal(ledger.requests['/api/messages/send-to'], 1);
    const count = await raw(sim.url, `/__sim/ledger/count?username=${encodeURIComponent(user)}&text=counted`);
    assert.deepEqual(count.json, { count: 1 });
    assert.deepEqual((await raw(sim.url, '/__sim/overlap')).json, { inFlight: 0, maxInFlight: 1, overlaps: 0 });
  });

  it('toggles the session, changes rate limits and resets everything', async () => {
    await post('/session', { active: false });
    assert.equal((await raw(sim.url, '/api/status')).json.isLoggedIn, false);
    await post('/rate-limits', { perHour: 1 });
    const send = () =>
      raw(sim.url, '/api/messages/send-to', { method: 'POST', body: { username: someUser(sim.control), text: 'x' } });
    await send();
    assert.equal((await send()).status, 429);
    await post('/reset', {});
    assert.equal((await raw(sim.url, '/api/status')).json.isLoggedIn, true);
    assert.deepEqual((await raw(sim.url, '/__sim/ledger')).json.sends, []);
  });

  it('reset with a new seed changes the inbox', async () => {
    const before = (await raw(sim.url, '/__sim/threads')).json.threads;
    await post('/reset', { seed: 1234 });
    assert.notDeepEqual((await raw(sim.url, '/__sim/threads')).json.threads, before);
    await post('/reset', { seed: 42 });
    assert.deepEqual((await raw(sim.url, '/__sim/threads')).json.threads, before);
  });

  it("adds someone new whose display name is anyone's handle; they write with /inbound", async () => {
    const taken = someUser(sim.control, 2);
    const added = await post('/people', { username: 'new.person', displayName: taken });
    assert.deepEqual([added.status, added.json], [201, { ok: true }]);
    assert.deepEqual(
      (await post('/people', { username: 'new.person', displayName: 'Anyone' })).status,
      409,
      'a handle is one person',
    );
    for (const bad of [
      { username: 'New Person', displayName: 'x' },
      { username: 'ok.handle', displayName: '  ' },
      { username: 'ok.handle', displayName: 'x', extra: 1 },
      {},
    ]) {
      assert.equal((await post('/people', bad)).status, 400, JSON.stringify(bad));
    }
    await post('/inbound', { username: 'new.person', text: 'hi, it is me' });
    const thread = sim.control.threads().find((t) => t.username === 'new.person')!;
    assert.deepEqual(
      [thread.displayName, thread.tab, thread.listsDisplayName, thread.messages.map((m) => m.text)],
      [taken, 'requests', true, ['hi, it is me']],
    );
    assert.equal(sim.control.addPerson({ username: 'new.person', displayName: 'Again' }), false, 'in process too');
    await post('/reset', {});
    assert.equal(
      sim.control.threads().some((t) => t.username === 'new.person'),
      false,
      'reset forgets them',
    );
  });

  it('answers 400 to a body that does not fit', async () => {
    const bad = await post('/faults', { route: '/api/messages', faults: ['meteor_strike'] });
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.error), /faults/);
  });
});
