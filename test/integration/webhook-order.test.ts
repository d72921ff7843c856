import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { jsonBody, withKey } from '../helpers/api';
import { eventually } from '../helpers/outreach-stack';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { startTestTemporal } from '../helpers/temporal';
import { failedMessagePayload, startWebhookStack } from '../helpers/webhook-stack';

// Per-entity order through many chunks: one message in flight at a time, so the receiver must get
// each entity's events in entity_seq order however the rows were read (alone, or with a chunk's
// record) while the dispatcher is still fanning out pages behind the sends.

let env: TestWorkflowEnvironment;
let stack: Awaited<ReturnType<typeof startWebhookStack>>;
let r: Receiver;

before(async () => {
  env = await startTestTemporal();
  stack = await startWebhookStack(env, { env: { WEBHOOK_CONCURRENCY: '1' }, backend: 'postgres' });
  r = await startReceiver();
  const res = await stack.app.request('/api/webhooks', withKey(jsonBody({ url: r.url, events: ['*'] })));
  assert.equal(res.status, 201, await res.clone().text());
  r.setSecret(((await res.json()) as { webhook: { secret: string } }).webhook.secret);
});
after(async () => {
  await r?.close();
  await stack?.stop();
  await env?.teardown();
});

const payload = failedMessagePayload;

/** `count` events over 3 entities, `perTransaction` at a time, written as the application writes them. */
async function emit(from: number, count: number, perTransaction: number) {
  for (let at = from; at < from + count; at += perTransaction) {
    const ns = Array.from({ length: Math.min(perTransaction, from + count - at) }, (_, i) => at + i);
    await stack.emitMany(
      'message.failed',
      ns.map((n) => ({ entityId: `order-${n % 3}`, payload: payload(n) })),
    );
  }
}

describe('webhook delivery order', () => {
  it("delivers each entity's events in entity_seq order, each once, through many chunks and pages", async () => {
    await emit(0, 240, 240); // a backlog: several dispatcher pages, many chunks
    await emit(240, 120, 10); // and more written while it drains
    await eventually(
      async () => r.accepted().length,
      (n) => n >= 360,
      '360 deliveries',
      60_000,
    );
    assert.equal(new Set(r.accepted()).size, 360, 'no message twice');
    assert.ok(
      r.received.every((d) => d.standardOk && d.designOk),
      'every delivery verifies both ways',
    );
    for (const entity of ['order-0', 'order-1', 'order-2']) {
      const seqs = r.received
        .filter((d) => d.body.data.entity_id === entity)
        .map((d) => Number(d.body.data.entity_seq));
      assert.deepEqual(
        seqs,
        Array.from({ length: 120 }, (_, i) => i + 1),
        `${entity}: 1..120 in order`,
      );
    }
  });
});
