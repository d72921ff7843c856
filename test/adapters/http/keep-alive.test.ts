import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keepAliveExchange } from '../../../src/adapters/http/keep-alive';
import { startCountingServer } from '../../helpers/http-server';

// idleMs closes a connection left idle, never one a slow answer is still using.

let server: Awaited<ReturnType<typeof startCountingServer>>;
let base: string;
before(async () => {
  server = await startCountingServer((req, _body, res) => {
    const wait = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('wait') ?? 0);
    setTimeout(() => res.end('done'), wait);
  });
  base = server.base;
});
after(async () => {
  await server?.close();
});

describe('keepAliveExchange idleMs', () => {
  it('lets an answer slower than idleMs finish, and closes the connection once it has sat idle that long', async () => {
    const exchange = keepAliveExchange({ idleMs: 100 });
    const slow = await exchange(`${base}/?wait=400`, {});
    assert.equal(slow.body.toString(), 'done', 'an answer four times idleMs away still came');
    const before = server.connections();
    await exchange(`${base}/`, {});
    assert.equal(server.connections() - before, 0, 'reused at once');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await exchange(`${base}/`, {});
    assert.equal(server.connections() - before, 1, 'a new connection after the idle one was closed');
  });
});
