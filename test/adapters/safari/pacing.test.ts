import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHttpSafariClient } from '../../../src/adapters/safari/http-safari-client';
import { createHostLock } from '../../../src/adapters/safari/host-lock';
import type { MinimalFetch } from '../../../src/adapters/safari/keep-alive-fetch';

// Browser-driving calls to one host keep a minimum gap; other calls (health) do not wait for it.

function recordingFetch() {
  const calls: { path: string; at: number }[] = [];
  const fetch: MinimalFetch = async (url) => {
    const path = new URL(url).pathname;
    calls.push({ path, at: Date.now() });
    const body =
      path === '/api/messages'
        ? { messages: [], count: 0 }
        : path === '/health'
          ? { status: 'ok', timestamp: new Date().toISOString() }
          : { success: true, username: 'x' };
    return { status: 200, text: async () => JSON.stringify(body) };
  };
  return { calls, fetch };
}

const client = (host: string, fetch: MinimalFetch, minGapMs: number) =>
  createHttpSafariClient({
    baseUrl: `http://${host}:3100`,
    timeouts: { defaultMs: 1_000, statusMs: 1_000, readMs: 1_000, sendMs: 1_000, allConversationsMs: 1_000 },
    holdAfterNoAnswerMs: 0,
    minGapMs,
    lock: createHostLock(),
    fetch,
  });

describe('pacing of browser-driving calls', () => {
  it('keeps at least minGapMs between one browser call and the next, even when they are queued', async () => {
    const { calls, fetch } = recordingFetch();
    const safari = client('pace-a.local', fetch, 120);
    await Promise.all([safari.openConversation('a'), safari.openConversation('b'), safari.openConversation('c')]);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    assert.equal(calls.length, 3);
    for (const gap of gaps) assert.ok(gap >= 115, `gap of ${gap} ms`);
  });

  it('counts a thread read (open + read) as one browser step: no gap inside it', async () => {
    const { calls, fetch } = recordingFetch();
    // A gap of 10 s: were it applied inside the step, the read would come 10 s after the open.
    const safari = client('pace-b.local', fetch, 10_000);
    await safari.readThread('a', 10);
    assert.deepEqual(
      calls.map((c) => c.path),
      ['/api/conversations/open', '/api/messages'],
    );
    assert.ok(calls[1]!.at - calls[0]!.at < 5_000, 'open and read follow each other, without the gap');
  });

  it('does not make health checks wait, and adds nothing when the gap is 0', async () => {
    const { calls, fetch } = recordingFetch();
    const safari = client('pace-c.local', fetch, 10_000);
    await safari.openConversation('a');
    const started = Date.now();
    await safari.health();
    // Bounds far below the gaps they rule out (10 s; 1 s per call), so a loaded machine cannot trip them.
    assert.ok(Date.now() - started < 5_000, 'health is not a browser call: it does not wait out the 10 s gap');
    const fast = client('pace-d.local', recordingFetch().fetch, 0);
    const t0 = Date.now();
    for (const name of ['a', 'b', 'c']) await fast.openConversation(name);
    assert.ok(Date.now() - t0 < 2_000, 'a gap of 0 adds no wait between calls');
    assert.equal(calls.length, 2);
  });
});
