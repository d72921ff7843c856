import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { raw, someUser, startSimulator } from './sim-fixture';

describe('HEAD flavour', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  before(async () => {
    sim = await startSimulator({ flavor: 'head', conversations: 30 });
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  it('answers 503 on session-guarded routes when the session is missing, but not on health', async () => {
    sim.control.setSession(false);
    for (const path of ['/api/conversations', '/api/conversations/all', '/api/messages']) {
      const res = await raw(sim.url, path);
      assert.equal(res.status, 503, path);
      assert.equal(res.json.error, 'Instagram Safari session not found');
    }
    assert.equal((await raw(sim.url, '/health')).status, 200);
    assert.equal((await raw(sim.url, '/api/session/status')).json.tracked, false);
  });

  it('lists display names for some rows, with a threadId on each', async () => {
    const { json } = await raw(sim.url, '/api/conversations/all');
    const rows = Object.values(json.conversations as Record<string, { username: string; threadId: string }[]>).flat();
    const handles = new Set(sim.control.threads().map((t) => t.username));
    assert.ok(
      rows.some((r) => !handles.has(r.username)),
      'some rows show a display name',
    );
    assert.ok(
      rows.some((r) => handles.has(r.username)),
      'some rows show the handle',
    );
    assert.ok(rows.every((r) => /^\d+$/.test(r.threadId)));
  });

  it('send-to reports the profile strategy and verification', async () => {
    const res = await raw(sim.url, '/api/messages/send-to', {
      method: 'POST',
      body: { username: someUser(sim.control), text: 'hey' },
    });
    assert.deepEqual([res.json.strategy, res.json.verified], ['profile', true]);
  });

  it('send-to a listed display name reaches the thread through the inbox strategy, unverified', async () => {
    const threads = sim.control.threads();
    const shown = threads.find(
      (t) => t.listsDisplayName && threads.filter((o) => o.displayName === t.displayName).length === 1,
    );
    assert.ok(shown, 'the seed lists some unique display name');
    const res = await raw(sim.url, '/api/messages/send-to', {
      method: 'POST',
      body: { username: shown.displayName, text: 'hey' },
    });
    assert.deepEqual([res.json.success, res.json.strategy, res.json.verified], [true, 'inbox', undefined]);
    assert.equal(sim.control.sentCount(shown.username, 'hey'), 1);
  });

  it('reads lossily by default: repeats collapse and texts of three characters vanish', async () => {
    const user = someUser(sim.control, 1);
    for (const text of ['ok', 'thanks', 'thanks', 'SEEN']) sim.control.addInbound(user, text);
    await raw(sim.url, '/api/conversations/open', { method: 'POST', body: { username: user } });
    const texts = (
      (await raw(sim.url, '/api/messages?limit=100')).json.messages as { text: string; timestamp: string }[]
    ).map((m) => m.text);
    assert.ok(!texts.includes('ok') && !texts.includes('SEEN'));
    assert.equal(texts.filter((t) => t === 'thanks').length, 1);
  });

  it('shows every repeat with lossyReads off, timestamps mostly empty', async () => {
    const exact = await startSimulator({ flavor: 'head', lossyReads: false });
    try {
      const user = someUser(exact.control, 1);
      for (const text of ['ok', 'ok']) exact.control.addInbound(user, text);
      await raw(exact.url, '/api/conversations/open', { method: 'POST', body: { username: user } });
      const messages = (await raw(exact.url, '/api/messages?limit=100')).json.messages as {
        text: string;
        timestamp: string;
      }[];
      assert.deepEqual(
        messages.slice(-2).map((m) => m.text),
        ['ok', 'ok'],
      );
      assert.ok(messages.every((m) => typeof m.timestamp === 'string'));
      assert.equal(messages.at(-1)!.timestamp, '');
    } finally {
      await exact.close();
    }
  });
});

describe('ccf4331 flavour', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  before(async () => {
    sim = await startSimulator({ flavor: 'ccf4331', conversations: 30 });
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  it('lists real handles without threadIds', async () => {
    const { json } = await raw(sim.url, '/api/conversations/all');
    const rows = Object.values(json.conversations as Record<string, Record<string, unknown>[]>).flat();
    const handles = new Set(sim.control.threads().map((t) => t.username));
    assert.equal(rows.length, handles.size);
    assert.ok(rows.every((r) => handles.has(r.username as string) && !('threadId' in r)));
  });

  it('has no session middleware and no HEAD routes', async () => {
    sim.control.setSession(false);
    assert.equal((await raw(sim.url, '/api/conversations')).status, 200);
    const nav = await raw(sim.url, '/api/inbox/navigate', { method: 'POST' });
    assert.deepEqual(nav.json, { success: false, error: 'Not logged in to Instagram' });
    const missing = await raw(sim.url, '/api/session/status');
    assert.equal(missing.status, 404);
    assert.match(missing.text, /Cannot GET \/api\/session\/status/);
  });

  it('opens by substring of the handle, as the avatar alt match does', async () => {
    const user = someUser(sim.control, 3);
    await raw(sim.url, '/api/conversations/open', { method: 'POST', body: { username: user.slice(0, -1) } });
    await raw(sim.url, '/api/messages/send', { method: 'POST', body: { text: 'which thread?' } });
    assert.equal(sim.control.sentCount(user, 'which thread?'), 1);
  });

  it('keeps repeated and short texts, without timestamps', async () => {
    const user = someUser(sim.control, 2);
    for (const text of ['ok', 'ok']) sim.control.addInbound(user, text);
    await raw(sim.url, '/api/conversations/open', { method: 'POST', body: { username: user } });
    const messages = (await raw(sim.url, '/api/messages?limit=2')).json.messages as Record<string, unknown>[];
    assert.deepEqual(messages, [
      { text: 'ok', isOutbound: false, messageType: 'text' },
      { text: 'ok', isOutbound: false, messageType: 'text' },
    ]);
  });

  it('lets scheduled replies appear only once the clock has passed them', async () => {
    const waiting = sim.control.threads().find((t) => t.messages.at(-1)!.atMs > sim.control.now());
    assert.ok(waiting, 'the seed schedules at least one reply');
    const reply = waiting.messages.at(-1)!;
    const read = async () => {
      await raw(sim.url, '/api/conversations/open', { method: 'POST', body: { username: waiting.username } });
      return (await raw(sim.url, '/api/messages?limit=1')).json.messages[0].text as string;
    };
    assert.equal(await read(), waiting.messages.at(-2)!.text);
    sim.control.advanceClock(reply.atMs - sim.control.now() - 1);
    assert.equal(await read(), waiting.messages.at(-2)!.text);
    sim.control.advanceClock(1);
    assert.equal(await read(), reply.text);
  });
});

describe('overlap detector', () => {
  it('counts browser requests that run at the same time, and not sequential ones', async () => {
    const sim = await startSimulator({ latencyScale: 0.01 });
    try {
      await raw(sim.url, '/api/conversations');
      await raw(sim.url, '/api/conversations');
      assert.equal(sim.control.overlap().overlaps, 0);
      // The first is held for 1 s, so the second surely starts while it runs, however loaded the machine.
      sim.control.scriptFaults('/api/conversations', [{ kind: 'slow', delayMs: 1_000 }]);
      await Promise.all([
        raw(sim.url, '/api/conversations'),
        raw(sim.url, '/api/conversations'),
        raw(sim.url, '/health'),
      ]);
      assert.equal(sim.control.overlap().overlaps, 1);
      assert.equal(sim.control.overlap().maxInFlight, 2);
    } finally {
      await sim.close();
    }
  });
});
