import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { dataApiFetch } from '../../../src/adapters/db/data-api-fetch';
import { startCountingServer, type BodyHandler } from '../../helpers/http-server';

// The data API's fetch (node:http, keep-alive) must answer as global fetch would for everything
// supabase-js reads: status, statusText, headers, the body as text, and its failures.

let server: Awaited<ReturnType<typeof startCountingServer>>;
let base: string;
let handle: BodyHandler = (_req, _body, res) => res.end();

before(async () => {
  server = await startCountingServer((req, body, res) => handle(req, body, res));
  base = server.base;
});
after(async () => {
  await server?.close();
});

describe('dataApiFetch', () => {
  it('sends the method, headers (a Headers object too) and body, and answers status, headers and text', async () => {
    let seen: { method?: string; auth?: string; length?: string; body?: string } = {};
    handle = (req, body, res) => {
      seen = { method: req.method, auth: req.headers.authorization, length: req.headers['content-length'], body };
      res.writeHead(201, 'Created Here', { 'content-range': '0-0/7', 'content-type': 'application/json' });
      res.end('{"ok":"é"}');
    };
    const res = await dataApiFetch(`${base}/rest/v1/rpc/f`, {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer k', 'content-type': 'application/json' }),
      body: '{"p":"ü"}',
    });
    assert.deepEqual(seen, { method: 'POST', auth: 'Bearer k', length: '10', body: '{"p":"ü"}' });
    assert.equal(res.status, 201);
    assert.equal(res.ok, true);
    assert.equal(res.statusText, 'Created Here');
    assert.equal(res.headers.get('Content-Range'), '0-0/7');
    assert.equal(await res.text(), '{"ok":"é"}');
  });

  it('reads a character split across two packets whole, and answers an empty body for 204', async () => {
    const bytes = Buffer.from('["é"]');
    handle = (_req, _body, res) => {
      res.writeHead(200);
      res.write(bytes.subarray(0, 3)); // ends inside the two bytes of "é"
      setTimeout(() => res.end(bytes.subarray(3)), 20);
    };
    assert.equal(await (await dataApiFetch(`${base}/a`, { headers: { accept: 'application/json' } })).text(), '["é"]');
    handle = (_req, _body, res) => res.writeHead(204).end();
    const empty = await dataApiFetch(`${base}/a`, { method: 'PATCH', body: '{}' });
    assert.equal(empty.status, 204);
    assert.equal(await empty.text(), '');
  });

  it('asks for compressed answers and decodes gzip and brotli, as global fetch does', async () => {
    const json = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, name: 'ñ'.repeat(i % 7) })));
    let asked = '';
    for (const [coding, encode] of [
      ['gzip', gzipSync],
      ['br', brotliCompressSync],
    ] as const) {
      handle = (req, _body, res) => {
        asked = String(req.headers['accept-encoding']);
        res.writeHead(200, { 'content-encoding': coding, 'content-type': 'application/json' });
        res.end(encode(json));
      };
      const res = await dataApiFetch(`${base}/z`);
      assert.equal(await res.text(), json, coding);
      assert.match(asked, new RegExp(`\\b${coding}\\b`));
    }
  });

  it('keeps one connection for calls made one after another', async () => {
    handle = (_req, _body, res) => res.end('[]');
    await dataApiFetch(`${base}/warm`);
    const before = server.connections();
    for (let n = 0; n < 5; n++) await (await dataApiFetch(`${base}/n${n}`)).text();
    assert.equal(server.connections() - before, 0, 'no new connection');
  });

  it('fails as global fetch does: "fetch failed" with the cause, or the abort reason', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      dataApiFetch(`http://127.0.0.1:${port}/x`),
      (err: TypeError & { cause?: { code?: string } }) => {
        assert.equal(err.message, 'fetch failed');
        assert.equal(err.cause?.code, 'ECONNREFUSED');
        return true;
      },
    );

    handle = (_req, _body, res) => {
      res.writeHead(200);
      res.write('[{"id":'); // and nothing more
    };
    const controller = new AbortController();
    const reason = new DOMException('no answer within 50 ms', 'AbortError');
    setTimeout(() => controller.abort(reason), 50);
    await assert.rejects(dataApiFetch(`${base}/stall`, { signal: controller.signal }), (err) => err === reason);
    await assert.rejects(dataApiFetch(`${base}/x`, { signal: AbortSignal.abort(reason) }), (err) => err === reason);
  });
});
