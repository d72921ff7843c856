import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { guardWebhookUrl, resolveHost } from '../../src/adapters/webhooks/url-guard';
import { createApp } from '../../src/api/app';
import { jsonBody, withKey } from '../helpers/api';
import { eventually } from '../helpers/outreach-stack';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { startTestTemporal } from '../helpers/temporal';
import { startWebhookStack } from '../helpers/webhook-stack';

// The webhook routes on the running pipeline: secrets never shown again nor logged, URLs refused at
// save and at dial (a name re-pointed at the metadata address in between), replay, the test send.

let env: TestWorkflowEnvironment;
let stack: Awaited<ReturnType<typeof startWebhookStack>>;
let app: ReturnType<typeof createApp>;
const receivers: Receiver[] = [];
/** `rebind.test` resolves to loopback while saving, to the cloud metadata address once saved. */
let rebound = false;
const resolve = async (host: string) =>
  host === 'rebind.test'
    ? [rebound ? '169.254.169.254' : '127.0.0.1']
    : host === 'metadata.test'
      ? ['169.254.169.254']
      : resolveHost(host);

before(async () => {
  env = await startTestTemporal();
  stack = await startWebhookStack(env, { resolve, backend: 'postgres' });
  app = createApp({
    ...stack.apiDeps,
    webhookUrls: { ...stack.apiDeps.webhookUrls, check: (url) => guardWebhookUrl(url, true, resolve) },
  });
  // A log older than the retention (30 days), written before the dispatcher's first step prunes it.
  await stack.sb.sql.query(`
    with w as (insert into webhook_endpoints (url, events, secret, enabled) values ('http://127.0.0.1:9/old', '{*}', 'old-secret-0000', false) returning id),
    d as (insert into webhook_deliveries (endpoint_id, event_id, event_seq, event_type, message_id, status, created_at)
          select id, gen_random_uuid(), 0, 'contact.merged', 'msg_old', 'delivered', now() - interval '40 days' from w returning id, endpoint_id)
    insert into webhook_attempts (delivery_id, endpoint_id, message_id, event_type, attempt, outcome, latency_ms, attempted_at)
    select id, endpoint_id, 'msg_old', 'contact.merged', 1, 'delivered', 5, now() - interval '40 days' from d`);
});
after(async () => {
  for (const r of receivers) await r.close();
  await stack?.stop();
  await env?.teardown();
});

async function register(events: string[], status = 200, url?: (u: string) => string) {
  const r = await startReceiver({ behave: () => ({ status }) });
  receivers.push(r);
  const res = await app.request('/api/webhooks', withKey(jsonBody({ url: url ? url(r.url) : r.url, events })));
  assert.equal(res.status, 201, await res.clone().text());
  const { webhook } = (await res.json()) as { webhook: { id: string; secret: string } };
  r.setSecret(webhook.secret);
  return Object.assign(r, { id: webhook.id, secret: webhook.secret });
}
const merged = (n: number) =>
  stack.emit('contact.merged', `m${n}`, {
    survivorId: `m${n}`,
    absorbedId: 'x',
    evidence: { kind: 'user' },
    mergedBy: 'user',
  });

describe('webhook routes on the running pipeline', () => {
  it('never shows a secret again, in any GET or log line, even after a rotation', async () => {
    const r = await register(['*']);
    const rotated = (await (
      await app.request(`/api/webhooks/${r.id}/rotate-secret`, withKey({ method: 'POST' }))
    ).json()) as { secret: string };
    await merged(1);
    await eventually(
      async () => r.accepted().length,
      (n) => n >= 1,
      'a delivery',
    );
    // During the grace period a receiver still on the old secret verifies (Standard Webhooks: one v1 per secret) …
    assert.ok(r.received[0]!.standardOk, 'the old secret still verifies after a rotation');
    // … and one that has switched verifies both ways.
    r.setSecret(rotated.secret);
    await merged(3);
    await eventually(
      async () => r.accepted().length,
      (n) => n >= 2,
      'a second delivery',
    );
    assert.ok(r.received[1]!.standardOk && r.received[1]!.designOk, 'the new secret verifies both ways');
    const pages = await Promise.all(
      ['/api/webhooks', `/api/webhooks/${r.id}`, '/api/webhooks/events/log', `/api/webhooks/${r.id}/deliveries`].map(
        async (p) => (await app.request(p, withKey())).text(),
      ),
    );
    const secrets = [r.secret, r.secret.slice('whsec_'.length), rotated.secret, rotated.secret.slice('whsec_'.length)];
    assert.ok(stack.logs.length > 0, 'the API logged its requests');
    for (const s of secrets) {
      for (const page of pages) assert.ok(!page.includes(s), 'no secret in a GET answer');
      assert.ok(!stack.logs.some((l) => l.includes(s)), 'no secret in a log line');
    }
    assert.equal((await app.request(`/api/webhooks/${r.id}`, withKey({ method: 'DELETE' }))).status, 200);
  });

  it('refuses the metadata address and a name resolving there when saved, and a name re-pointed there when dialled', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://metadata.test/hook']) {
      const res = await app.request('/api/webhooks', withKey(jsonBody({ url, events: ['*'] })));
      assert.equal(res.status, 400, url);
    }
    const r = await register(['contact.merged'], 200, (u) => u.replace('127.0.0.1', 'rebind.test'));
    rebound = true;
    await merged(2);
    type Attempt = { status: string; error: string | null };
    const log = await eventually(
      async () =>
        (
          (await (await app.request(`/api/webhooks/events/log?endpoint=${r.id}`, withKey())).json()) as {
            events: Attempt[];
          }
        ).events,
      (l) => l.length > 0,
      'the refused attempt logged',
    );
    assert.equal(log[0]!.status, 'failed');
    assert.match(log[0]!.error ?? '', /169\.254|metadata|link-local/i);
    assert.equal(r.received.length, 0, 'nothing reached the receiver');
  });

  it('replays one message with its webhook-id, or everything since a time, without counting toward disabling', async () => {
    const r = await register(['contact.merged']);
    const since = new Date(Date.now() - 1).toISOString();
    for (let n = 10; n < 13; n++) await merged(n);
    await eventually(
      async () => r.accepted().length,
      (n) => n === 3,
      'three deliveries',
    );
    const first = r.received[0]!.messageId;
    const one = await app.request(`/api/webhooks/${r.id}/replay`, withKey(jsonBody({ message_id: first })));
    assert.equal(one.status, 202);
    await eventually(
      async () => r.accepted().length,
      (n) => n === 4,
      'the replayed message',
    );
    assert.equal(r.received[3]!.messageId, first, 'a replay carries the same webhook-id');
    r.setBehaviour(() => ({ status: 500 }));
    const all = await app.request(`/api/webhooks/${r.id}/replay`, withKey(jsonBody({ since })));
    assert.deepEqual(await all.json(), { replay: { endpoint_id: r.id, queued: 3, truncated: false } });
    await eventually(
      async () => r.received.length,
      (n) => n >= 7,
      'the replays tried',
    );
    const w = (await (await app.request(`/api/webhooks/${r.id}`, withKey())).json()) as {
      webhook: { failing_since: string | null; enabled: boolean };
    };
    assert.deepEqual(
      [w.webhook.failing_since, w.webhook.enabled],
      [null, true],
      'failed replays start no failing streak',
    );
    assert.equal(
      (await app.request(`/api/webhooks/${r.id}/replay`, withKey(jsonBody({ message_id: 'msg_nope' })))).status,
      404,
    );
    assert.equal(
      (await app.request(`/api/webhooks/${r.id}/replay`, withKey(jsonBody({ since: 'yesterday' })))).status,
      400,
    );
  });

  it('sends a test event once to every enabled endpoint subscribed to it and reports {sent, failed}', async () => {
    const ok = await register(['outreach.queued']);
    const bad = await register(['outreach.queued'], 500);
    await register(['message.received']);
    const res = await app.request(
      '/api/webhooks/test',
      withKey(jsonBody({ event: 'outreach.queued', data: { hello: 'world' } })),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { event: 'outreach.queued', result: { sent: 1, failed: 1 } });
    assert.deepEqual([ok.received.length, bad.received.length], [1, 1], 'one attempt each, no retry');
    assert.ok(ok.received[0]!.standardOk && ok.received[0]!.designOk);
    assert.deepEqual(ok.received[0]!.body.data, { hello: 'world' });
    const log = (await (await app.request(`/api/webhooks/events/log?endpoint=${bad.id}`, withKey())).json()) as {
      events: { test: boolean; status: string }[];
    };
    assert.deepEqual(
      log.events.map((e) => [e.test, e.status]),
      [[true, 'failed']],
    );
    assert.equal((await app.request('/api/webhooks/test', withKey(jsonBody({ event: 'no.such' })))).status, 400);
  });

  it('prunes the delivery log older than WEBHOOK_LOG_RETENTION_MS, and only that', async () => {
    const count = async (where: string) =>
      Number((await stack.sb.sql.query<{ n: string }>(`select count(*)::text as n from ${where}`))[0]!.n);
    await eventually(
      () => count(`webhook_attempts where message_id = 'msg_old'`),
      (n) => n === 0,
      'the old attempt pruned',
    );
    assert.equal(await count(`webhook_deliveries where message_id = 'msg_old'`), 0, 'the old settled delivery pruned');
    assert.ok(
      (await count(`webhook_attempts where attempted_at > now() - interval '1 day'`)) > 0,
      'recent attempts kept',
    );
  });
});
