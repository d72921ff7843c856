import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { lossyRead } from '../../src/simulator/shapes';
import { raw, startSimulator } from './sim-fixture';

/** HEAD's in-memory username → threadId registry, and what fills and empties it. */
describe('HEAD thread registry', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  before(async () => {
    sim = await startSimulator({ flavor: 'head', conversations: 12 });
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  const post = (path: string, body: unknown) => raw(sim.url, path, { method: 'POST', body });
  const registry = async () => (await raw(sim.url, '/api/threads')).json;
  const thread = (index: number) => sim.control.threads()[index]!;

  it('registers a thread and answers it in the list and alone', async () => {
    const reg = await post('/api/threads/register', { username: 'maya.creates', threadId: '340282366841710300949' });
    assert.deepEqual(reg.json, { success: true, username: 'maya.creates', threadId: '340282366841710300949' });
    assert.deepEqual(await registry(), { threads: { 'maya.creates': '340282366841710300949' } });
    const one = await raw(sim.url, '/api/threads/maya.creates');
    assert.deepEqual([one.status, one.json], [200, { username: 'maya.creates', threadId: '340282366841710300949' }]);
  });

  it('answers 404 for an unknown username and 400 for a missing field', async () => {
    const missing = await raw(sim.url, '/api/threads/nobody.here');
    assert.deepEqual([missing.status, missing.json], [404, { error: 'Thread not found', username: 'nobody.here' }]);
    for (const body of [{ username: 'a' }, { threadId: '1' }, {}]) {
      const bad = await post('/api/threads/register', body);
      assert.deepEqual([bad.status, bad.json], [400, { error: 'username and threadId required' }]);
    }
    assert.deepEqual(await registry(), { threads: {} });
  });

  it('is filled when a conversation is opened by its handle, not by its display name', async () => {
    const [byHandle, byName] = [thread(0), thread(1)];
    assert.equal((await post('/api/conversations/open', { username: byName.displayName })).json.success, true);
    assert.deepEqual(await registry(), { threads: {} });
    assert.equal((await post('/api/conversations/open', { username: byHandle.username })).json.success, true);
    assert.deepEqual(await registry(), { threads: { [byHandle.username]: byHandle.threadId } });
  });

  it('opening a registered handle goes to its thread, not to a row showing that name', async () => {
    const [target, other] = [thread(4), thread(5)];
    // Someone whose display name is the target's handle, writing now: their row is the newest one.
    sim.control.addPerson({ username: 'name.taker', displayName: target.username });
    sim.control.addInbound('name.taker', 'hello from someone else');
    const lastText = async () => (await raw(sim.url, '/api/messages?limit=1')).json.messages[0]?.text;
    const shownLast = (t: typeof target) =>
      lossyRead(t.messages.filter((m) => m.atMs <= sim.control.now())).at(-1)?.text;
    await post('/api/threads/register', { username: target.username, threadId: target.threadId });
    await post('/api/conversations/open', { username: target.username });
    assert.equal(await lastText(), shownLast(target));
    await post('/api/threads/register', { username: target.username, threadId: other.threadId });
    await post('/api/conversations/open', { username: target.username });
    assert.equal(await lastText(), shownLast(other), 'whatever thread the cache says');
    sim.control.clearThreadRegistry();
    await post('/api/conversations/open', { username: 'name.taker' });
    assert.equal(await lastText(), 'hello from someone else', 'without a cached id, a row showing the name is clicked');
  });

  it('is filled by a send-to to a handle, not by one to a display name', async () => {
    const [byHandle, byName] = [thread(2), thread(3)];
    const viaName = await post('/api/messages/send-to', { username: byName.displayName, text: 'hi' });
    assert.deepEqual([viaName.json.success, viaName.json.strategy], [true, 'inbox']);
    assert.deepEqual(await registry(), { threads: {} });
    assert.equal((await post('/api/messages/send-to', { username: byHandle.username, text: 'hi' })).json.success, true);
    assert.deepEqual(await registry(), { threads: { [byHandle.username]: byHandle.threadId } });
  });

  it('is emptied by the control route (a server restart) and by reset', async () => {
    await post('/api/threads/register', { username: 'a.b', threadId: '1' });
    assert.deepEqual(sim.control.threadRegistry(), { 'a.b': '1' });
    assert.deepEqual((await raw(sim.url, '/__sim/threads/registry', { method: 'DELETE' })).json, { ok: true });
    assert.deepEqual(await registry(), { threads: {} });
    await post('/api/threads/register', { username: 'a.b', threadId: '1' });
    await post('/__sim/reset', {});
    assert.equal((await raw(sim.url, '/api/threads/a.b')).status, 404);
  });

  it('needs no Safari session', async () => {
    sim.control.setSession(false);
    assert.equal((await post('/api/threads/register', { username: 'a.b', threadId: '1' })).status, 200);
    assert.equal((await raw(sim.url, '/api/threads')).status, 200);
  });
});

describe('ccf4331 has no thread registry', () => {
  it('answers Express HTML 404 on every registry route', async () => {
    const sim = await startSimulator({ flavor: 'ccf4331' });
    try {
      for (const [method, path] of [
        ['POST', '/api/threads/register'],
        ['GET', '/api/threads'],
        ['GET', '/api/threads/a.b'],
      ] as const) {
        const res = await raw(sim.url, path, {
          method,
          body: method === 'POST' ? { username: 'a', threadId: '1' } : undefined,
        });
        assert.equal(res.status, 404, path);
        assert.match(res.text, new RegExp(`Cannot ${method} ${path.replaceAll('.', '\\.')}`));
      }
    } finally {
      await sim.close();
    }
  });
});
