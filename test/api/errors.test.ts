import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createContactRepository, type ContactRepository } from '../../src/adapters/db/contact-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';

type Envelope = { error: { code: string; message: string; details?: unknown; requestId: string } };

describe('error envelope', () => {
  const app = createApp(
    makeApiDeps({
      // Every repository call fails with a message that must never reach the client.
      contacts: new Proxy({} as ContactRepository, {
        get: () => async () => {
          throw new Error('connection string postgres://secret@db leaked?');
        },
      }),
    }),
  );

  const cases: [string, string, RequestInit, number, string][] = [
    ['an unknown path', '/nope', {}, 404, 'NOT_FOUND'],
    ['an unknown /api path', '/api/nope', withKey(), 404, 'NOT_FOUND'],
    ['a wrong method', '/health', { method: 'DELETE' }, 405, 'METHOD_NOT_ALLOWED'],
    [
      'malformed JSON',
      '/api/contacts/import',
      withKey({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"contacts": [' }),
      400,
      'BAD_REQUEST',
    ],
    [
      'a body that fails validation',
      '/api/contacts/import',
      withKey(jsonBody({ contacts: [{ username: 'has space' }] })),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown field (no mass assignment)',
      '/api/contacts/import',
      withKey(jsonBody({ contacts: [{ username: 'ok_user', relationship_score: 100 }] })),
      400,
      'VALIDATION_FAILED',
    ],
    ['an empty import', '/api/contacts/import', withKey(jsonBody({ contacts: [] })), 400, 'VALIDATION_FAILED'],
    ['a bad workflow id', '/api/contacts/import/%20bad', withKey(), 400, 'VALIDATION_FAILED'],
    ['an unexpected failure', '/api/contacts/someone', withKey(), 500, 'INTERNAL'],
  ];
  for (const [label, path, init, status, code] of cases) {
    it(`answers ${status} ${code} for ${label}`, async () => {
      const res = await app.request(path, init);
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      const body = (await res.json()) as Envelope;
      assert.equal(body.error.code, code);
      assert.equal(typeof body.error.message, 'string');
      assert.equal(body.error.requestId, res.headers.get('x-request-id'));
    });
  }

  it('answers 503 DB_UNAVAILABLE, not 500, when the CRM data API does not answer, without its address', async () => {
    const down = createApp(
      makeApiDeps({
        contacts: createContactRepository(
          createSupabase({ url: 'http://127.0.0.1:9', key: 'unused-service-role-key-000' }),
        ),
      }),
    );
    const res = await down.request('/api/contacts/someone', withKey());
    assert.equal(res.status, 503);
    const body = (await res.json()) as Envelope;
    assert.equal(body.error.code, 'DB_UNAVAILABLE');
    assert.doesNotMatch(body.error.message, /127\.0\.0\.1|fetch failed/);
  });

  it('never leaks the internals of an unexpected error', async () => {
    const body = (await (await app.request('/api/contacts/someone', withKey())).json()) as Envelope;
    assert.doesNotMatch(JSON.stringify(body), /postgres|secret/);
  });

  it('says which field failed validation without echoing the value', async () => {
    const res = await app.request(
      '/api/contacts/import',
      withKey(jsonBody({ contacts: [{ username: 'bad handle secret-value' }] })),
    );
    const body = (await res.json()) as Envelope;
    assert.deepEqual(
      (body.error.details as { path: string }[]).map((d) => d.path),
      ['contacts.0.username'],
    );
    assert.doesNotMatch(JSON.stringify(body), /secret-value/);
  });

  it('names the allowed methods on 405', async () => {
    const res = await app.request('/health', { method: 'POST' });
    assert.equal(res.status, 405);
    assert.match(res.headers.get('allow') ?? '', /GET/);
  });

  it('reuses a sane incoming X-Request-Id and replaces an unsafe one', async () => {
    const kept = await app.request('/nope', { headers: { 'x-request-id': 'trace-123' } });
    assert.equal(kept.headers.get('x-request-id'), 'trace-123');
    const replaced = await app.request('/nope', { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.notEqual(replaced.headers.get('x-request-id'), 'bad id with spaces');
  });
});

describe('body size limit', () => {
  const app = createApp(makeApiDeps({ config: { bodyLimitBytes: 2048 } }));

  it('rejects a body over the limit with 413 before parsing it', async () => {
    const contacts = Array.from({ length: 100 }, (_, i) => ({ username: `user_${i}`, notes: 'x'.repeat(50) }));
    const res = await app.request('/api/contacts/import', withKey(jsonBody({ contacts })));
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as Envelope).error.code, 'PAYLOAD_TOO_LARGE');
  });

  it('accepts a body under the limit (the limit is not simply rejecting everything)', async () => {
    const res = await app.request('/api/contacts/import', withKey(jsonBody({ contacts: [] })));
    assert.equal(res.status, 400, 'reaches validation');
  });
});
