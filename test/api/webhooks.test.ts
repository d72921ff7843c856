import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createWebhookRepository } from '../../src/adapters/db/webhook-repository';
import { newWebhookSecret } from '../../src/adapters/webhooks/secrets';
import { guardWebhookUrl, type ResolveHost } from '../../src/adapters/webhooks/url-guard';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// Registering webhook endpoints through the API over PostgREST → PGlite. Names resolve through a
// table (this machine has no DNS server to point a test name at 169.254.169.254); IP literals are
// checked as they are.

let sb: TestSupabase;
let now = Date.UTC(2026, 10, 29, 12);
const NAMES: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34'],
  'sneaky.example.com': ['93.184.216.35', '169.254.169.254'],
  'nas.lan': ['192.168.1.20'],
};
const resolve: ResolveHost = async (host) => {
  if (/^[\d.]+$/.test(host) || host.includes(':')) return [host];
  const found = NAMES[host];
  if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found;
};

function appWith(allowPrivate: boolean) {
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  return createApp(
    makeApiDeps({
      webhooks: createWebhookRepository(db),
      webhookUrls: {
        check: (url) => guardWebhookUrl(url, allowPrivate, resolve),
        newSecret: newWebhookSecret,
        secretGraceMs: 86_400_000,
      },
      now: () => now,
    }),
  );
}

before(async () => void (sb = await startTestSupabase('pglite')));
after(async () => void (await sb?.stop()));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const read = async (res: Response): Promise<any> => ({ status: res.status, ...((await res.json()) as object) });

describe('webhook registration', () => {
  it("registers the design's curl body, answers {webhook} with the secret once, and no GET shows it", async () => {
    const app = appWith(true);
    const created = await read(
      await app.request(
        '/api/webhooks',
        withKey(
          jsonBody({
            url: 'http://hooks.example.com/webhook',
            events: ['message.sent', 'contact.score_changed', 'message.sent'],
            secret: 'your-secret-key',
          }),
        ),
      ),
    );
    assert.equal(created.status, 201);
    assert.equal(created.webhook.secret, 'your-secret-key');
    assert.deepEqual(created.webhook.events, ['message.sent', 'contact.score_changed']);
    const generated = await read(
      await app.request('/api/webhooks', withKey(jsonBody({ url: 'http://nas.lan:8080/in', events: ['*'] }))),
    );
    assert.match(generated.webhook.secret, /^whsec_[A-Za-z0-9+/]{32}$/);

    const list = await app.request('/api/webhooks', withKey());
    const listText = await list.text();
    assert.equal(list.status, 200);
    assert.equal(JSON.parse(listText).count, 2);
    const one = await app.request(`/api/webhooks/${created.webhook.id}`, withKey());
    const oneText = await one.text();
    for (const text of [listText, oneText]) {
      assert.ok(
        !text.includes('your-secret-key') && !text.includes(generated.webhook.secret) && !text.includes('"secret"'),
        'no secret in a GET',
      );
    }
  });

  it('changes only the given fields (PUT and PATCH), removes, and answers 404 for what is not there', async () => {
    const app = appWith(true);
    const { webhook } = await read(
      await app.request(
        '/api/webhooks',
        withKey(jsonBody({ url: 'https://hooks.example.com/a', events: ['sync.completed'], description: 'mine' })),
      ),
    );
    const patched = await read(
      await app.request(`/api/webhooks/${webhook.id}`, withKey(jsonBody({ events: ['*'] }, { method: 'PATCH' }))),
    );
    assert.deepEqual(
      [patched.webhook.events, patched.webhook.url, patched.webhook.description],
      [['*'], 'https://hooks.example.com/a', 'mine'],
    );
    const put = await read(
      await app.request(`/api/webhooks/${webhook.id}`, withKey(jsonBody({ enabled: false }, { method: 'PUT' }))),
    );
    assert.deepEqual([put.webhook.enabled, put.webhook.events], [false, ['*']]);
    assert.equal(
      (await app.request(`/api/webhooks/${webhook.id}`, withKey(jsonBody({}, { method: 'PATCH' })))).status,
      400,
    );
    assert.deepEqual(await read(await app.request(`/api/webhooks/${webhook.id}`, withKey({ method: 'DELETE' }))), {
      status: 200,
      deleted: true,
    });
    assert.equal((await app.request(`/api/webhooks/${webhook.id}`, withKey())).status, 404);
    assert.equal((await app.request(`/api/webhooks/${webhook.id}`, withKey({ method: 'DELETE' }))).status, 404);
    assert.equal((await app.request('/api/webhooks/not-a-uuid', withKey())).status, 404);
  });

  it("takes the original's active as enabled (PUT and PATCH), and refuses active and enabled that disagree", async () => {
    const app = appWith(true);
    const { webhook } = await read(
      await app.request('/api/webhooks', withKey(jsonBody({ url: 'https://hooks.example.com/o', events: ['*'] }))),
    );
    const change = async (body: object, method: string) =>
      read(await app.request(`/api/webhooks/${webhook.id}`, withKey(jsonBody(body, { method }))));
    const off = await change({ active: false, events: ['sync.completed'] }, 'PUT');
    assert.deepEqual([off.status, off.webhook.enabled, off.webhook.events], [200, false, ['sync.completed']]);
    assert.equal('active' in off.webhook, false, 'answers carry enabled only');
    assert.deepEqual([(await change({ active: true }, 'PATCH')).webhook.enabled], [true]);
    assert.deepEqual([(await change({ active: false, enabled: false }, 'PATCH')).webhook.enabled], [false]);
    const both = await change({ active: true, enabled: false }, 'PUT');
    assert.deepEqual([both.status, both.error.code], [400, 'VALIDATION_FAILED']);
    assert.match(both.error.details[0].message, /active.*enabled/);
    assert.equal((await change({ active: 'yes' }, 'PUT')).status, 400);
    assert.equal((await read(await app.request(`/api/webhooks/${webhook.id}`, withKey()))).webhook.enabled, false);
  });

  it('rotates a secret: a new one shown once, the old one kept for the grace period', async () => {
    const app = appWith(true);
    const { webhook } = await read(
      await app.request(
        '/api/webhooks',
        withKey(jsonBody({ url: 'https://hooks.example.com/r', events: ['*'], secret: 'first-secret-123' })),
      ),
    );
    const rotated = await read(
      await app.request(`/api/webhooks/${webhook.id}/rotate-secret`, withKey({ method: 'POST' })),
    );
    assert.equal(rotated.status, 200);
    assert.match(rotated.secret, /^whsec_/);
    assert.equal(rotated.webhook.previous_secret_expires_at, new Date(now + 86_400_000).toISOString());
    const repo = createWebhookRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
    assert.deepEqual((await repo.forSigning(webhook.id, now))!.secrets, [rotated.secret, 'first-secret-123']);
    assert.deepEqual(
      (await repo.forSigning(webhook.id, now + 86_400_001))!.secrets,
      [rotated.secret],
      'the old secret stops signing after the grace period',
    );
    now += 1;
  });

  it('refuses bad input with a 400 envelope and stores nothing', async () => {
    const app = appWith(false);
    const before = (await sb.sql.query('select count(*) as n from webhook_endpoints'))[0];
    const cases: [unknown, RegExp][] = [
      [{ url: 'http://169.254.169.254/latest/meta-data', events: ['*'] }, /metadata/],
      [{ url: 'http://sneaky.example.com/hook', events: ['*'] }, /metadata/],
      [{ url: 'http://[fe80::1]/hook', events: ['*'] }, /link-local/],
      [{ url: 'http://nas.lan/in', events: ['*'] }, /WEBHOOK_ALLOW_PRIVATE/],
      [{ url: 'http://127.0.0.1:9/in', events: ['*'] }, /loopback/],
      [{ url: 'ftp://hooks.example.com/in', events: ['*'] }, /http and https/],
      [{ url: 'http://nowhere.invalid/in', events: ['*'] }, /does not resolve/],
      [{ url: 'https://hooks.example.com/in', events: ['contact.exploded'] }, /events/],
      [{ url: 'https://hooks.example.com/in', events: [] }, /events/],
      [{ url: 'https://hooks.example.com/in', events: ['*'], secret: 'short' }, /secret/],
      [{ url: 'https://hooks.example.com/in', events: ['*'], extra: 1 }, /extra|Unrecognized/i],
    ];
    for (const [payload, why] of cases) {
      const res = await read(await app.request('/api/webhooks', withKey(jsonBody(payload))));
      assert.equal(res.status, 400, JSON.stringify(payload));
      assert.equal(res.error.code, 'VALIDATION_FAILED');
      assert.match(JSON.stringify(res.error), why, JSON.stringify(res.error));
    }
    assert.deepEqual((await sb.sql.query('select count(*) as n from webhook_endpoints'))[0], before);
  });
});
