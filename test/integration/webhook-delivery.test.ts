import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { deliveryBodySchema } from '../../src/domain/event-catalogue';
import type { SubscribableEvent } from '../../src/domain/events';
import { jsonBody, withKey } from '../helpers/api';
import { eventually } from '../helpers/outreach-stack';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { startTestTemporal } from '../helpers/temporal';
import { failedMessagePayload, startWebhookStack } from '../helpers/webhook-stack';
import { recordHistory } from '../helpers/histories';

// Delivery end to end: events written through the data API, the dispatcher and per-endpoint
// workflows on a real Temporal server, real receivers verifying every delivery both ways.

let env: TestWorkflowEnvironment;
let stack: Awaited<ReturnType<typeof startWebhookStack>>;
const receivers: Receiver[] = [];

before(async () => {
  env = await startTestTemporal();
  // A short poll here: the last test writes behind the waker's back.
  stack = await startWebhookStack(env, {
    env: { WEBHOOK_DISABLE_AFTER_MS: '4000', WEBHOOK_POLL_MS: '300' },
    backend: 'postgres',
  });
});
after(async () => {
  for (const r of receivers) await r.close();
  await stack?.stop();
  await env?.teardown();
});

async function receiver(events: string[], behave?: NonNullable<Parameters<typeof startReceiver>[0]>['behave']) {
  const r = await startReceiver({ behave });
  receivers.push(r);
  const res = await stack.app.request('/api/webhooks', withKey(jsonBody({ url: r.url, events })));
  assert.equal(res.status, 201, await res.clone().text());
  const { webhook } = (await res.json()) as { webhook: { id: string; secret: string } };
  r.setSecret(webhook.secret);
  return Object.assign(r, { id: webhook.id, secret: webhook.secret });
}

const contactEvent = failedMessagePayload;

describe('webhook delivery', () => {
  it('delivers each subscribed event once per endpoint, in order, signed both ways, with the entity and its sequence', async () => {
    const all = await receiver(['*']);
    const failedOnly = await receiver(['message.failed']);
    for (let n = 1; n <= 5; n++) await stack.emit('message.failed', 'c1', contactEvent(n));
    await stack.emit('contact.merged', 'c1', {
      survivorId: 'c1',
      absorbedId: 'c2',
      evidence: { kind: 'user' },
      mergedBy: 'user',
    });
    await eventually(
      async () => all.accepted().length,
      (n) => n === 6,
      'six deliveries to the * endpoint',
    );
    await eventually(
      async () => failedOnly.accepted().length,
      (n) => n === 5,
      'five deliveries to the message.failed endpoint',
    );
    for (const r of [all, failedOnly]) {
      assert.ok(
        r.received.every((d) => d.standardOk && d.designOk),
        'every delivery verifies with standardwebhooks and the design verifier',
      );
      assert.equal(new Set(r.accepted()).size, r.accepted().length, 'no message twice');
      const seqs = r.received.map((d) => d.body.data.entity_seq as number);
      assert.deepEqual(
        seqs,
        [...seqs].sort((a, b) => a - b),
        'entity_seq rises',
      );
      for (const d of r.received) {
        assert.equal(d.body.data.entity_id, 'c1');
        const parsed = deliveryBodySchema(d.body.event as SubscribableEvent).safeParse(d.body);
        assert.ok(parsed.success, `${d.body.event} matches the catalogue`);
      }
    }
    assert.deepEqual(
      failedOnly.received.map((d) => d.event),
      Array(5).fill('message.failed'),
    );
    await recordHistory('webhook-dispatcher', env.client.workflow.getHandle('webhook-dispatcher:outbox'));
    await recordHistory('webhook-endpoint', env.client.workflow.getHandle(`webhook-endpoint:${all.id}`));
  });

  for (const end of ['rollback', 'commit'] as const) {
    it(`a seq held by a transaction still open holds back what committed after it; once it ends (${end}) nothing is skipped and nothing waits`, async () => {
      const r = await receiver(['contact.merged']);
      const merged = (id: string) =>
        JSON.stringify({ survivorId: id, absorbedId: 'x', evidence: { kind: 'user' }, mergedBy: 'user' });
      // A writer on its own connection takes a seq and stays open, as a slow transaction of the sync would.
      const held = new pg.Client({ connectionString: stack.sb.databaseUrl });
      await held.connect();
      try {
        await held.query('begin');
        await held.query(`select crm_emit_event('default', 'contact.merged', 'contact', $1, $2::jsonb)`, [
          `held-${end}`,
          merged(`held-${end}`),
        ]);
        for (let n = 1; n <= 3; n++)
          await stack.emit(
            'contact.merged',
            `after-${end}-${n}`,
            JSON.parse(merged(`after-${end}-${n}`)) as Record<string, unknown>,
          );
        // The dispatcher must wait at the gap, not step over a seq that may still commit. Its signal
        // that it has looked: the gap it remembers ends just before the first of the three.
        const [first] = (
          await stack.sb.sql.query<{ seq: string }>(
            `select seq from event_outbox where entity_id like $1 order by seq`,
            [`after-${end}-%`],
          )
        ).map((e) => Number(e.seq));
        await eventually(
          async () =>
            (await stack.sb.sql.query<{ gap_to: string | null }>(`select gap_to from webhook_dispatch_state`))[0]
              ?.gap_to ?? null,
          (to) => to !== null && Number(to) === first! - 1,
          'the dispatcher to stop at the open seq',
        );
        const queued = await stack.sb.sql.query<{ n: string }>(
          `select count(*) as n from webhook_deliveries where event_seq >= $1`,
          [first],
        );
        assert.equal(Number(queued[0]!.n), 0, 'nothing after the open seq was queued for delivery');
        assert.deepEqual(
          r.received.map((d) => d.body.data.entity_id),
          [],
          'nothing after the open seq was delivered',
        );
        await held.query(end);
      } finally {
        await held.end();
      }
      const expected = [...(end === 'commit' ? [`held-${end}`] : []), ...[1, 2, 3].map((n) => `after-${end}-${n}`)];
      await eventually(
        async () => r.accepted().length,
        (n) => n >= expected.length,
        `the ${expected.length} events once the transaction ended`,
      );
      assert.deepEqual(r.received.map((d) => String(d.body.data.entity_id)).sort(), [...expected].sort());
    });
  }

  it('delivers an event written by another program (no wake-up signal) at the next poll', async () => {
    const r = await receiver(['contact.merged']);
    await stack.sb.sql.query(`select crm_emit_event('default', 'contact.merged', 'contact', 'x1', $1::jsonb)`, [
      JSON.stringify({ survivorId: 'x1', absorbedId: 'x2', evidence: { kind: 'user' }, mergedBy: 'user' }),
    ]);
    await eventually(
      async () => r.accepted().length,
      (n) => n === 1,
      'the polled event delivered',
    );
    assert.equal(r.received[0]!.body.data.entity_id, 'x1');
  });
});
