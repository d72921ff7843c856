import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { RETRY_SCHEDULE_MS } from '../../src/domain/webhook-retry';
import { jsonBody, withKey } from '../helpers/api';
import { eventually } from '../helpers/outreach-stack';
import { startReceiver, type Behaviour, type Receiver } from '../helpers/receiver';
import { startTestTemporal } from '../helpers/temporal';
import { startWebhookStack, WEBHOOK_TEST_ENV } from '../helpers/webhook-stack';
import { recordHistory } from '../helpers/histories';

// Failing receivers get the retries Svix's schedule says (scaled by WEBHOOK_RETRY_SCALE), with one
// webhook-id per message; 410 and failing too long disable the endpoint; a dead receiver delays
// nobody else. Real Temporal, PGlite data API, real HTTP receivers.

const SCALE = Number(WEBHOOK_TEST_ENV.WEBHOOK_RETRY_SCALE);
const DISABLE_AFTER_MS = 4_000;
let env: TestWorkflowEnvironment;
let stack: Awaited<ReturnType<typeof startWebhookStack>>;
const receivers: Receiver[] = [];

before(async () => {
  env = await startTestTemporal();
  stack = await startWebhookStack(env, {
    env: { WEBHOOK_DISABLE_AFTER_MS: String(DISABLE_AFTER_MS) },
    backend: 'postgres',
  });
});
after(async () => {
  for (const r of receivers) await r.close();
  await stack?.stop();
  await env?.teardown();
});

async function endpoint(type: string, behave: (n: number) => Behaviour) {
  const r = await startReceiver({ behave: (_r, n) => behave(n) });
  receivers.push(r);
  const res = await stack.app.request('/api/webhooks', withKey(jsonBody({ url: r.url, events: [type] })));
  assert.equal(res.status, 201);
  const { webhook } = (await res.json()) as { webhook: { id: string; secret: string } };
  r.setSecret(webhook.secret);
  return Object.assign(r, { id: webhook.id });
}

/** Each test uses its own event type, so endpoints of other tests are not owed its events. */
const emit = (type: string, n: number) =>
  stack.emit(type, `e${n}`, { survivorId: `e${n}`, absorbedId: 'x', evidence: { kind: 'user' }, mergedBy: 'user' });
const get = async <T>(path: string): Promise<T> => {
  const res = await stack.app.request(path, withKey());
  assert.equal(res.status, 200, path);
  return (await res.json()) as T;
};
type Attempt = {
  message_id: string;
  attempt: number;
  status: string;
  response_code: number | null;
  error: string | null;
  next_retry_at: string | null;
};
const logOf = async (id: string) =>
  (await get<{ events: Attempt[] }>(`/api/webhooks/events/log?endpoint=${id}`)).events.reverse();

describe('webhook retries', () => {
  it('a 500 is retried on the schedule with one webhook-id until it is accepted; the log has every attempt', async () => {
    const r = await endpoint('contact.merged', (n) => ({ status: n < 3 ? 500 : 200 }));
    await emit('contact.merged', 1);
    await eventually(
      async () => r.accepted().length,
      (n) => n === 1,
      'the fourth attempt accepted',
    );
    assert.equal(r.received.length, 4);
    assert.equal(new Set(r.received.map((d) => d.messageId)).size, 1, 'one webhook-id for every attempt');
    assert.ok(r.received.every((d) => d.standardOk && d.designOk));
    for (let i = 1; i < 4; i++) {
      const gap = r.received[i]!.at - r.received[i - 1]!.at;
      assert.ok(gap >= RETRY_SCHEDULE_MS[i]! * SCALE * 0.8 - 2, `attempt ${i + 1} came ${gap} ms after the one before`);
    }
    const log = await eventually(
      () => logOf(r.id),
      (l) => l.length === 4,
      'four logged attempts',
    );
    assert.deepEqual(
      log.map((a) => [a.attempt, a.status, a.response_code]),
      [
        [1, 'retrying', 500],
        [2, 'retrying', 500],
        [3, 'retrying', 500],
        [4, 'delivered', 200],
      ],
    );
    assert.ok(
      log.slice(0, 3).every((a) => a.next_retry_at !== null && a.next_retry_at.endsWith('Z')) &&
        log[3]!.next_retry_at === null,
      'retry times in UTC ISO',
    );
    const { deliveries } = await get<{ deliveries: { status: string; attempts: number; log: unknown[] }[] }>(
      `/api/webhooks/${r.id}/deliveries`,
    );
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.attempts, d.log.length]),
      [['delivered', 4, 4]],
    );
    await recordHistory('webhook-endpoint-retries', env.client.workflow.getHandle(`webhook-endpoint:${r.id}`));
  });

  it('429 with Retry-After waits as long as the receiver asks; a timeout is retried', async () => {
    const limited = await endpoint('outreach.sent', (n) =>
      n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    const slow = await endpoint('outreach.failed', (n) => (n < 2 ? 'hang' : { status: 204 }));
    await emit('outreach.sent', 2);
    await emit('outreach.failed', 3);
    await eventually(
      async () => limited.accepted().length + slow.accepted().length,
      (n) => n === 2,
      'both accepted',
      30_000,
    );
    assert.ok(limited.received[1]!.at - limited.received[0]!.at >= 1_000, 'Retry-After: 1 honoured');
    assert.equal(slow.received.length, 3);
    const log = await logOf(slow.id);
    assert.match(log[0]!.error ?? '', /no answer within 1000 ms/);
    assert.equal(new Set(slow.received.map((d) => d.messageId)).size, 1);
  });

  it('a dead receiver delays nobody else: a healthy endpoint has every event before the dead one has timed out once', async () => {
    const dead = await endpoint('contact.score_changed', () => 'hang');
    const healthy = await endpoint('contact.score_changed', () => ({ status: 200 }));
    // The twenty in one transaction, so the time measured is delivery's, not twenty writes' in a row.
    await stack.emitMany(
      'contact.score_changed',
      Array.from({ length: 20 }, (_, i) => ({
        entityId: `e${100 + i}`,
        payload: { survivorId: `e${100 + i}`, absorbedId: 'x', evidence: { kind: 'user' }, mergedBy: 'user' },
      })),
    );
    await eventually(
      async () => healthy.accepted().length,
      (n) => n === 20,
      'twenty at the healthy endpoint',
    );
    // Written together, the healthy endpoint can have all twenty before the dead one's first try lands.
    await eventually(
      async () => dead.received.length,
      (n) => n > 0,
      'the dead endpoint was tried',
    );
    const firstTimeoutAt = dead.received[0]!.at + 1_000;
    assert.ok(healthy.received[19]!.at < firstTimeoutAt, 'the healthy endpoint did not wait for the dead one');
    await get(`/api/webhooks/${dead.id}`); // still registered
    await stack.app.request(`/api/webhooks/${dead.id}`, withKey({ method: 'DELETE' }));
  });

  it('400 is final: one attempt, marked failed', async () => {
    const r = await endpoint('message.sent', () => ({ status: 400 }));
    await stack.emit('message.sent', 'c9', {
      contact: { id: 'c9', username: 'u9', display_name: null },
      username: 'u9',
      text: 'hi',
      automated: true,
      item_id: 'i9',
      sent_at: new Date().toISOString(),
    });
    const log = await eventually(
      () => logOf(r.id),
      (l) => l.length === 1 && l[0]!.status === 'failed',
      'one failed attempt',
    );
    assert.equal(log[0]!.response_code, 400);
    assert.equal(log[0]!.next_retry_at, null, 'no retry planned');
    // A retry would be due within a millisecond at this scale: once a later event has reached the
    // same endpoint, the first one had its chance to be retried.
    const first = r.received[0]!.messageId;
    r.setBehaviour(() => ({ status: 200 }));
    await stack.emit('message.sent', 'c10', {
      contact: { id: 'c10', username: 'u10', display_name: null },
      username: 'u10',
      text: 'hi again',
      automated: true,
      item_id: 'i10',
      sent_at: new Date().toISOString(),
    });
    await eventually(
      async () => r.accepted().filter((id) => id !== first).length,
      (n) => n === 1,
      'a later event delivered to the same endpoint',
    );
    assert.deepEqual(
      r.received.map((d) => d.messageId).filter((id) => id === first),
      [first],
      'no retry after a 400',
    );
  });

  it('410 disables the endpoint at once, saying why, and cancels what it was still owed', async () => {
    const r = await endpoint('contact.updated', () => ({ status: 410 }));
    for (let n = 0; n < 3; n++)
      await stack.emit('contact.updated', `g${n}`, {
        contact: { id: `g${n}`, username: null, display_name: null },
        changes: {},
      });
    const state = await eventually(
      () => get<{ webhook: { enabled: boolean; disabled_reason: string | null } }>(`/api/webhooks/${r.id}`),
      (w) => !w.webhook.enabled,
      'the endpoint disabled',
    );
    assert.match(state.webhook.disabled_reason ?? '', /410 Gone/);
    const { deliveries } = await get<{ deliveries: { status: string }[] }>(`/api/webhooks/${r.id}/deliveries`);
    assert.ok(
      deliveries.every((d) => d.status === 'failed' || d.status === 'cancelled'),
      JSON.stringify(deliveries),
    );
    const tried = r.received.length;
    // A witness subscribed to the same events: once it has g9, the disabled endpoint had its chance.
    const witness = await endpoint('contact.updated', () => ({ status: 200 }));
    await stack.emit('contact.updated', 'g9', {
      contact: { id: 'g9', username: null, display_name: null },
      changes: {},
    });
    const aboutG9 = (d: { body: { data: Record<string, unknown> } }) =>
      (d.body.data.contact as { id: string }).id === 'g9';
    await eventually(
      async () => witness.received.filter(aboutG9).length,
      (n) => n === 1,
      'g9 delivered to the witness',
    );
    assert.equal(r.received.length, tried, 'a disabled endpoint gets nothing more');
    // Re-enabled and replayed, it gets what it missed, under the same message ids.
    r.setBehaviour(() => ({ status: 200 }));
    const since = new Date(Date.now() - 60_000).toISOString();
    assert.equal(
      (await stack.app.request(`/api/webhooks/${r.id}/replay`, withKey(jsonBody({ since })))).status,
      409,
      'no replay to a disabled endpoint',
    );
    const patched = await stack.app.request(
      `/api/webhooks/${r.id}`,
      withKey({
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enabled: true }),
      }),
    );
    assert.equal(patched.status, 200);
    assert.equal((await stack.app.request(`/api/webhooks/${r.id}/replay`, withKey(jsonBody({ since })))).status, 202);
    await eventually(
      async () => new Set(r.accepted()).size,
      (n) => n === 4,
      'the four contact.updated events accepted after the replay',
    );
    const ids = await stack.sb.sql.query<{ id: string }>(
      `select 'msg_' || id as id from event_outbox where type = 'contact.updated' and entity_id in ('g0', 'g1', 'g2', 'g9')`,
    );
    assert.deepEqual(
      [...new Set(r.accepted())].sort(),
      ids.map((x) => x.id).sort(),
      "each replay carries its event's own message id",
    );
  });

  it('an endpoint failing without one success for WEBHOOK_DISABLE_AFTER_MS is disabled, and the log says why', async () => {
    const r = await endpoint('sync.completed', () => ({ status: 503 }));
    await stack.emit('sync.completed', 'default', { account_id: 'default' });
    const state = await eventually(
      () =>
        get<{ webhook: { enabled: boolean; disabled_reason: string | null; failing_since: string | null } }>(
          `/api/webhooks/${r.id}`,
        ),
      (w) => !w.webhook.enabled,
      'the failing endpoint disabled',
      30_000,
    );
    assert.match(state.webhook.disabled_reason ?? '', /no successful delivery since .*last answer: HTTP 503/);
    const times = r.received.map((d) => d.at);
    assert.ok(times[times.length - 1]! - times[0]! >= DISABLE_AFTER_MS, 'not before the allowed time had passed');
  });
});
