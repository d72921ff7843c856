import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TEST_API_KEY } from '../helpers/api';

// A body over the limit, sent to the API in a process of its own (test/fixtures/api-process.ts:
// the app served by serveApi, as src/api/server.ts does) by a client still writing it: the 413
// must reach the client. Before the lingering close, `fetch` of a body of several MB got EPIPE
// now and then (Node closed the socket under the client's writes once the 413 was written).

const FIXTURE = fileURLToPath(new URL('../fixtures/api-process.ts', import.meta.url));
const MB = 1024 * 1024;
const children: ChildProcess[] = [];

async function startApi(options: object = {}): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const timer = setTimeout(() => child.kill(), 30_000);
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  clearTimeout(timer);
  const port = Number(line.toString().trim());
  assert.ok(port > 0, `the API process printed its port, not ${JSON.stringify(line.toString())}`);
  return `http://127.0.0.1:${port}`;
}
after(() => {
  for (const child of children) child.kill();
});

describe('the API server and bodies over the limit', () => {
  it('every fetch of a 2 MB, 8 MB or 32 MB body gets the 413 with its envelope, 20, 20 and 10 times', async () => {
    const base = await startApi({ bodyLimitBytes: 256 * 1024 });
    const outcomes: Record<string, number> = {};
    for (const [size, times] of [
      [2 * MB, 20],
      [8 * MB, 20],
      [32 * MB, 10],
    ] as const) {
      const body = JSON.stringify({ messages: [{ text: 'x'.repeat(size), is_outbound: true }] });
      for (let i = 0; i < times; i++) {
        const outcome = await fetch(`${base}/api/coaching/analyze`, {
          method: 'POST',
          headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
          body,
        })
          .then(
            async (res) =>
              `${size / MB} MB: ${res.status} ${((await res.json()) as { error?: { code?: string } }).error?.code}`,
          )
          .catch((err: Error & { cause?: { code?: string } }) => `${size / MB} MB: ${err.cause?.code ?? err.message}`);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    }
    assert.deepEqual(outcomes, {
      '2 MB: 413 PAYLOAD_TOO_LARGE': 20,
      '8 MB: 413 PAYLOAD_TOO_LARGE': 20,
      '32 MB: 413 PAYLOAD_TOO_LARGE': 10,
    });
  });

  it('reads and drops what follows the 413 only up to a bound, then closes', async () => {
    const base = new URL(
      await startApi({ bodyLimitBytes: 64 * 1024, linger: { maxBytes: 4 * MB, maxMs: 60_000, idleMs: 1_000 } }),
    );
    // A client that would send 1 GB and does not stop on its own, not even at the server's FIN.
    const socket = connect({ port: Number(base.port), host: base.hostname, allowHalfOpen: true });
    await once(socket, 'connect');
    socket.write(
      `POST /api/coaching/analyze HTTP/1.1\r\nHost: x\r\nx-api-key: ${TEST_API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${1024 * MB}\r\n\r\n`,
    );
    let answer = '';
    let written = 0;
    let closed = false;
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () => (closed = true));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; !closed && i < 16 * 1024; i++) {
      if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
      written += chunk.length;
    }
    assert.ok(closed, `the server never closed the connection (${written / MB} MB written)`);
    assert.match(answer, /^HTTP\/1\.1 413 .*\r\n[\s\S]*connection: close/i);
    assert.ok(
      written >= 4 * MB && written < 64 * MB,
      `closed after ${written / MB} MB: past the 4 MB bound, long before the 1 GB`,
    );
  });

  it('closes a client that stops writing without finishing, once it has been idle', async () => {
    const base = new URL(
      await startApi({ bodyLimitBytes: 64 * 1024, linger: { maxBytes: 4 * MB, maxMs: 60_000, idleMs: 200 } }),
    );
    // Half-open: the client keeps its side open after the server's FIN, as a stalled one would.
    const socket = connect({ port: Number(base.port), host: base.hostname, allowHalfOpen: true });
    await once(socket, 'connect');
    let answer = '';
    let closed = false;
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () => (closed = true));
    socket.write(
      `POST /api/coaching/analyze HTTP/1.1\r\nHost: x\r\nx-api-key: ${TEST_API_KEY}\r\nContent-Length: ${MB}\r\n\r\n${'x'.repeat(1024)}`,
    );
    await once(socket, 'end');
    assert.match(answer, /^HTTP\/1\.1 413 /);
    // Only a write shows the server has let go (it answers with a reset). A probe is read as progress
    // if the server still lingers, so probes come further apart than the idle bound.
    for (let probe = 0; !closed && probe < 20; probe++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (!closed) socket.write('x');
    }
    assert.ok(closed, 'the server kept an idle lingering connection open through 20 probes a second apart');
  });
});
