import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { keepAliveExchange } from '../../../src/adapters/http/keep-alive';

// idleMs closes a connection left idle, never one a slow answer is still using.

let server: Server;
let base: string;
let connections = 0;
before(async () => {
  server = createServer((req, res) => {
    req.resume();
    const wait = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('wait') ?? 0);
    setTimeout(() => res.end('done'), wait);
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('keepAliveExchange idleMs', () => {
  it('lets an answer slower than idleMs finish, and closes the connection once it has sat idle that long', async () => {
    const exchange = keepAliveExchange({ idleMs: 100 });
    const slow = await exchange(`${base}/?wait=400`, {});
    assert.equal(slow.body.toString(), 'done', 'an answer four times idleMs away still came');
    const before = connections;
    await exchange(`${base}/`, {});
    assert.equal(connections - before, 0, 'reused at once');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await exchange(`${base}/`, {});
    assert.equal(connections - before, 1, 'a new connection after the idle one was closed');
  });
});
