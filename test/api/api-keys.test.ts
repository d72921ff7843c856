import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKeyRepository } from '../../src/adapters/db/api-key-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { createKeyStore } from '../../src/app/accounts/api-keys';
import { jsonBody, makeApiDeps, TEST_API_KEY, withKey } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// API keys as data over a real data API: issued once, kept as hashes, revoked at once, and each
// scope checked against every operation of the OpenAPI document (a route added later is covered).

let sb: TestSupabase;
let app: ReturnType<typeof createApp>;
let nowMs = Date.now();

before(async () => {
  sb = await startTestSupabase('postgres');
  const keys = createKeyStore(
    createApiKeyRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey })),
    TEST_API_KEY,
    () => nowMs,
  );
  app = createApp(makeApiDeps({ keys, now: () => nowMs }));
});
after(async () => void (await sb?.stop()));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const as = (key: string, init: RequestInit = {}) => ({
  ...init,
  headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>), 'x-api-key': key },
});
async function issue(name: string, scope: string, extra: object = {}): Promise<{ key: Json; secret: string }> {
  const res = await app.request('/api/keys', withKey(jsonBody({ name, scope, ...extra })));
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { key: Json; secret: string };
}
type Doc = { paths: Record<string, Record<string, unknown>> };
async function operations(): Promise<{ method: string; path: string }[]> {
  const doc = (await (await app.request('/openapi.json')).json()) as Doc;
  return Object.entries(doc.paths)
    .filter(([p]) => p.startsWith('/api/') && p !== '/api/incoming/mediaposter')
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })));
}
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');

// What the issue asks of each scope, written out here rather than read from the code under test.
const adminOnly = (m: string, p: string) =>
  (p.startsWith('/api/keys') && p !== '/api/keys/me') ||
  (m !== 'GET' && (p.startsWith('/api/accounts') || p.startsWith('/api/webhooks')));
const expected = {
  read: (m: string, p: string) => m === 'GET' && !adminOnly(m, p),
  write: (m: string, p: string) => !adminOnly(m, p),
  admin: () => true,
};

describe('API keys', () => {
  it('issues a key once, keeps only its hash, lists keys without secrets, and says who a key is', async () => {
    const { key, secret } = await issue('assistant', 'write');
    assert.match(secret, /^crm_[A-Za-z0-9_-]{32}$/);
    assert.equal(key.created_by, 'CRM_API_KEY');
    assert.ok(secret.startsWith(key.prefix));
    const [stored] = await sb.sql.query<Record<string, unknown>>(`select * from api_keys where id = $1`, [key.id]);
    assert.ok(!JSON.stringify(stored).includes(secret), 'the key itself is not stored');
    const list = (await (await app.request('/api/keys', withKey())).json()) as Json;
    assert.ok(
      !JSON.stringify(list).includes(secret.slice(key.prefix.length)) &&
        list.keys.some((k: Json) => k.name === 'assistant'),
    );
    const me = (await (await app.request('/api/keys/me', as(secret))).json()) as Json;
    assert.deepEqual(me.key, { id: key.id, name: 'assistant', scope: 'write' });
    assert.equal(
      (await app.request('/api/keys', withKey(jsonBody({ name: 'assistant', scope: 'read' })))).status,
      409,
      'one live key per name',
    );
    assert.equal((await app.request('/api/keys', withKey(jsonBody({ name: 'x', scope: 'owner' })))).status, 400);
  });

  it('each scope reaches exactly what it should, on every operation of the OpenAPI document', async () => {
    const ops = await operations();
    assert.ok(ops.length > 40, `${ops.length} operations`);
    for (const scope of ['read', 'write', 'admin'] as const) {
      const { secret } = await issue(`every-op-${scope}`, scope);
      for (const op of ops) {
        const res = await app.request(
          concrete(op.path),
          as(secret, { method: op.method, body: op.method === 'GET' ? undefined : '{}' }),
        );
        const allowed = expected[scope](op.method, op.path);
        if (allowed) assert.ok(![401, 403].includes(res.status), `${scope} ${op.method} ${op.path}: ${res.status}`);
        else {
          assert.equal(res.status, 403, `${scope} ${op.method} ${op.path}`);
          assert.equal(((await res.json()) as Json).error.code, 'FORBIDDEN');
        }
      }
    }
  });

  it('a revoked key stops at once; an expired one at its time; both are refused with 401', async () => {
    const { key, secret } = await issue('temp', 'read', { expires_at: new Date(nowMs + 60_000).toISOString() });
    assert.equal((await app.request('/api/keys/me', as(secret))).status, 200);
    nowMs += 61_000;
    assert.equal((await app.request('/api/keys/me', as(secret))).status, 401, 'expired');
    nowMs -= 61_000;
    const { key: other, secret: otherSecret } = await issue('revoked-soon', 'write');
    assert.equal((await app.request('/api/keys/me', as(otherSecret))).status, 200);
    const revoked = await app.request(`/api/keys/${other.id}`, withKey({ method: 'DELETE' }));
    assert.equal(((await revoked.json()) as Json).key.revoked_by, 'CRM_API_KEY');
    assert.equal((await app.request('/api/keys/me', as(otherSecret))).status, 401, 'revoked');
    assert.equal((await app.request(`/api/keys/${key.id}`, as(otherSecret, { method: 'DELETE' }))).status, 401);
    assert.equal((await app.request('/api/keys/not-a-uuid', withKey({ method: 'DELETE' }))).status, 400);
    assert.equal(
      (await app.request('/api/keys/00000000-0000-4000-8000-000000000000', withKey({ method: 'DELETE' }))).status,
      404,
    );
  });

  it('any key may read /metrics', async () => {
    const { secret } = await issue('prometheus', 'read');
    assert.equal((await app.request('/metrics', as(secret))).status, 200);
  });
});
