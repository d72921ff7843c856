import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp, SELF_AUTHENTICATED_PATHS } from '../../src/api/app';
import { keyMatches } from '../../src/api/middleware/auth';
import { makeApiDeps, TEST_API_KEY } from '../helpers/api';

// Every /api/* operation the OpenAPI document lists, and every other one that declares security
// (GET /metrics), found from the document itself, so a route added later is covered without anyone
// remembering to list it here.

const app = createApp(makeApiDeps());
type Doc = { paths: Record<string, Record<string, { security?: unknown[] }>> };

async function apiOperations(from = app): Promise<{ method: string; path: string }[]> {
  const doc = (await (await from.request('/openapi.json')).json()) as Doc;
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => path.startsWith('/api/') || (op.security?.length ?? 0) > 0)
      .map(([method]) => ({ method: method.toUpperCase(), path })),
  );
}

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'import-contacts:x');

describe('API key on /api/*', () => {
  it('the OpenAPI document lists the API routes (the enumeration below is not empty)', async () => {
    const ops = await apiOperations();
    assert.ok(ops.length >= 3, `only ${ops.length} operations found`);
    assert.ok(ops.some((o) => o.method === 'POST'));
    assert.ok(
      ops.some((o) => o.method === 'GET' && o.path === '/metrics'),
      'GET /metrics is declared with its security',
    );
  });

  const cases: [string, Record<string, string>][] = [
    ['no key', {}],
    ['a wrong x-api-key', { 'x-api-key': `${TEST_API_KEY}x` }],
    ['a wrong bearer token', { authorization: 'Bearer not-the-key-at-all' }],
    ['a malformed authorization header', { authorization: TEST_API_KEY }],
  ];
  for (const [label, headers] of cases) {
    it(`answers 401 with the error envelope to every operation given ${label}`, async () => {
      for (const op of await apiOperations()) {
        if (SELF_AUTHENTICATED_PATHS.includes(op.path)) continue;
        const res = await app.request(concrete(op.path), {
          method: op.method,
          headers: { 'content-type': 'application/json', ...headers },
          body: op.method === 'GET' ? undefined : '{}',
        });
        assert.equal(res.status, 401, `${op.method} ${op.path}`);
        const body = (await res.json()) as { error: { code: string; requestId: string } };
        assert.equal(body.error.code, 'UNAUTHORIZED');
        assert.ok(body.error.requestId);
      }
    });
  }

  it('lets a request with the right key through (x-api-key or Bearer)', async () => {
    const variants: Record<string, string>[] = [
      { 'x-api-key': TEST_API_KEY },
      { authorization: `Bearer ${TEST_API_KEY}` },
    ];
    for (const headers of variants) {
      const res = await app.request('/api/contacts/import', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
      assert.equal(res.status, 400, 'authenticated, then rejected by validation');
    }
  });

  it('serves GET /metrics with the key, and without one only when METRICS_PUBLIC, which the document then says', async () => {
    for (const headers of [{ 'x-api-key': TEST_API_KEY }, { authorization: `Bearer ${TEST_API_KEY}` }] as Record<
      string,
      string
    >[]) {
      const res = await app.request('/metrics', { headers });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      assert.match(await res.text(), /# TYPE crm_http_requests_total counter/);
    }
    const open = createApp(makeApiDeps(), { metricsPublic: true });
    const res = await open.request('/metrics');
    assert.equal(res.status, 200, 'METRICS_PUBLIC: no key needed');
    assert.match(await res.text(), /# TYPE crm_http_requests_total counter/);
    assert.ok(
      !(await apiOperations(open)).some((o) => o.path === '/metrics'),
      'a public /metrics declares no security',
    );
    assert.equal((await open.request('/api/contacts')).status, 401, 'METRICS_PUBLIC opens /metrics only');
  });

  it('compares keys in constant time regardless of length', () => {
    assert.equal(keyMatches('abc', 'abc'), true);
    assert.equal(keyMatches('abc', 'abcd'), false);
    assert.equal(keyMatches('', 'abc'), false);
  });
});
