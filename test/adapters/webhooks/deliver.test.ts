import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { deliverOnce } from '../../../src/adapters/webhooks/deliver';

// One delivery attempt against a real HTTP receiver on this machine.

let server: Server;
let base: string;
const received: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
const behaviours: Record<string, (res: ServerResponse) => void> = {
  '/ok': (res) => res.writeHead(204).end(),
  '/boom': (res) => res.writeHead(500).end('x'.repeat(10_000)),
  '/busy': (res) => res.writeHead(429, { 'retry-after': '7' }).end('slow down'),
  '/moved': (res) => res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data' }).end(),
  '/slow': (res) => void setTimeout(() => res.writeHead(200).end(), 2_000),
};

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      (behaviours[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.closeAllConnections() ?? server.close());

const attempt = (path: string, extra: Partial<Parameters<typeof deliverOnce>[0]> = {}) =>
  deliverOnce({
    url: `${base}${path}`,
    headers: { 'x-test': '1', 'content-type': 'application/json' },
    body: '{"a":1}',
    timeoutMs: 500,
    allowPrivate: true,
    ...extra,
  });

describe('deliverOnce', () => {
  it('posts the exact bytes and headers and reports the answer', async () => {
    const r = await attempt('/ok');
    assert.deepEqual([r.status, r.error, r.refused], [204, null, false]);
    const got = received.at(-1)!;
    assert.deepEqual(
      [got.path, got.body, got.headers['x-test'], got.headers['content-length']],
      ['/ok', '{"a":1}', '1', '7'],
    );
  });

  it('reads Retry-After, and keeps no answer of a loopback receiver, however it was named', async () => {
    const boom = await attempt('/boom');
    assert.deepEqual([boom.status, boom.responseBody], [500, null]);
    const busy = await attempt('/busy');
    assert.deepEqual([busy.status, busy.retryAfterMs, busy.responseBody], [429, 7_000, null]);
    const port = new URL(base).port;
    // A name of its own: connections are pooled per host and port, and a pooled one is not dialled again.
    const named = await deliverOnce({
      url: `http://loopback-name.example:${port}/busy`,
      headers: {},
      body: '{}',
      timeoutMs: 500,
      allowPrivate: true,
      resolve: async () => ['127.0.0.1'],
    });
    assert.deepEqual([named.status, named.responseBody], [429, null], 'judged on the address dialled, not the name');
  });

  it('does not follow a redirect', async () => {
    const before = received.length;
    const r = await attempt('/moved');
    assert.equal(r.status, 301);
    assert.equal(received.length, before + 1, 'one request, to us');
  });

  it('gives up after the timeout', async () => {
    const r = await attempt('/slow', { timeoutMs: 200 });
    assert.equal(r.status, null);
    assert.match(r.error ?? '', /no answer within 200 ms/);
    assert.equal(r.refused, false);
  });

  it('refuses, without dialling, a metadata address, a name that resolves to one, and a LAN address when not allowed', async () => {
    const before = received.length;
    const literal = await deliverOnce({
      url: 'http://169.254.169.254/latest',
      headers: {},
      body: '{}',
      timeoutMs: 500,
      allowPrivate: true,
    });
    assert.deepEqual([literal.status, literal.refused], [null, true]);
    assert.match(literal.error ?? '', /metadata/);
    const port = new URL(base).port;
    const rebound = await deliverOnce({
      url: `http://receiver.example:${port}/ok`,
      headers: {},
      body: '{}',
      timeoutMs: 500,
      allowPrivate: true,
      resolve: async () => ['169.254.169.254'],
    });
    assert.deepEqual([rebound.status, rebound.refused], [null, true]);
    assert.match(rebound.error ?? '', /metadata/);
    const lan = await attempt('/ok', { allowPrivate: false });
    assert.deepEqual([lan.status, lan.refused], [null, true]);
    const named = await deliverOnce({
      url: `http://receiver.example:${port}/ok`,
      headers: {},
      body: '{}',
      timeoutMs: 500,
      allowPrivate: true,
      resolve: async () => ['127.0.0.1'],
    });
    assert.equal(named.status, 204, 'the checked address is the one dialled');
    assert.equal(received.length, before + 1, 'only the allowed one reached the receiver');
  });
});
