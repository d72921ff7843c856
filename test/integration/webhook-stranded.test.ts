import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { messageIdOf } from '../../src/domain/webhook-dispatch';
import { jsonBody, withKey } from '../helpers/api';
import { eventually } from '../helpers/outreach-stack';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { startTestTemporal } from '../helpers/temporal';
import { failedMessagePayload, startWebhookStack } from '../helpers/webhook-stack';

// A fan-out commits its deliveries and moves the dispatcher's cursor, then wakes the endpoints. A
// wake lost in between (the worker killed there, Temporal unreachable) was never tried again: the
// retried step reads past the moved cursor, and the endpoint's workflow, idle with nothing due,
// slept on. Here the fan-out is written as the dispatcher writes it, without the wake; the
// dispatcher's poll must find the stranded delivery and wake its endpoint.

const POLL_MS = 300;
let env: TestWorkflowEnvironment;
let stack: Awaited<ReturnType<typeof startWebhookStack>>;
let receiver: Receiver;

before(async () => {
  env = await startTestTemporal();
  stack = await startWebhookStack(env, { env: { WEBHOOK_POLL_MS: String(POLL_MS) }, backend: 'postgres' });
});
after(async () => {
  await receiver?.close();
  await stack?.stop();
  await env?.teardown();
});

const payload = failedMessagePayload;

/** An event and its delivery to `endpointId`, the cursor moved past it, in one transaction: no wake. */
async function fanOutWithoutWake(endpointId: string): Promise<string> {
  const sql = stack.sb.sql;
  await sql.query('begin');
  try {
    const [emitted] = await sql.query<{ id: string }>(
      `select crm_emit_event('default', 'message.failed', 'contact', 'c9', $1::jsonb)::text as id`,
      [JSON.stringify(payload(9))],
    );
    const [e] = await sql.query<{ id: string; seq: string }>(
      `select id::text, seq::text from event_outbox where id = $1::uuid`,
      [emitted!.id],
    );
    const row = {
      endpoint_id: endpointId,
      event_id: e!.id,
      event_seq: Number(e!.seq),
      event_type: 'message.failed',
      message_id: messageIdOf(e!.id),
    };
    await sql.query(`select crm_webhook_fan_out($1::jsonb, $2, '{}'::jsonb)`, [JSON.stringify([row]), e!.seq]);
    await sql.query('commit');
    return row.message_id;
  } catch (err) {
    await sql.query('rollback');
    throw err;
  }
}

it('delivers a delivery whose wake was lost after its fan-out committed', async () => {
  receiver = await startReceiver();
  const res = await stack.app.request('/api/webhooks', withKey(jsonBody({ url: receiver.url, events: ['*'] })));
  assert.equal(res.status, 201, await res.clone().text());
  const { webhook } = (await res.json()) as { webhook: { id: string; secret: string } };
  receiver.setSecret(webhook.secret);

  // The pipeline runs, and the endpoint's workflow goes idle with nothing due.
  await stack.emit('message.failed', 'c1', payload(1));
  await eventually(
    async () => receiver.accepted().length,
    (n) => n === 1,
    'the first delivery',
  );

  const stranded = await fanOutWithoutWake(webhook.id);
  const [cursor] = await stack.sb.sql.query<{ last_seq: string }>(`select last_seq::text from webhook_dispatch_state`);
  const [event] = await stack.sb.sql.query<{ seq: string }>(
    `select seq::text from event_outbox where 'msg_' || id::text = $1`,
    [stranded],
  );
  assert.equal(cursor!.last_seq, event!.seq, 'the dispatcher will not read this event again');

  const accepted = await eventually(
    async () => receiver.accepted(),
    (ids) => ids.includes(stranded),
    'the stranded delivery at its receiver',
    30 * POLL_MS + 10_000,
  );
  assert.equal(accepted.filter((id) => id === stranded).length, 1, 'delivered once');
  // The attempt is recorded after the receiver answered (with its chunk, or at the step's end).
  const row = await eventually(
    async () =>
      (
        await stack.sb.sql.query<{ status: string; attempts: number }>(
          `select status, attempts from webhook_deliveries where message_id = $1`,
          [stranded],
        )
      )[0],
    (r) => r?.status !== 'pending',
    'the stranded delivery recorded',
  );
  assert.deepEqual(row, { status: 'delivered', attempts: 1 });
  assert.equal(receiver.accepted().filter((id) => id === stranded).length, 1, 'still delivered once');
});
