import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createDeliveryRepository, type AttemptRecord } from '../../../src/adapters/db/delivery-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { createWebhookRepository } from '../../../src/adapters/db/webhook-repository';
import { createApiMetrics } from '../../../src/adapters/metrics/api-metrics';
import { createMetricsTotals } from '../../../src/adapters/metrics/totals';
import { linesOf } from '../../helpers/prometheus';
import { startTestSupabase, type BackendKind, type TestSupabase } from '../../helpers/supabase';

// The durable totals behind /metrics (crm_metrics_totals) over the real data API: webhook attempts
// by outcome and latency bucket that never go backwards when the log is pruned or an endpoint is
// deleted, and DMs by how they ended, with the reason of a skip.

const pick = linesOf;

for (const backend of ['pglite', 'postgres'] as BackendKind[]) {
  describe(`metrics totals over ${backend}`, () => {
    let sb: TestSupabase;
    let render: () => Promise<string>;
    let deliveries: ReturnType<typeof createDeliveryRepository>;
    let webhooks: ReturnType<typeof createWebhookRepository>;

    before(async () => {
      sb = await startTestSupabase(backend);
      const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
      deliveries = createDeliveryRepository(db);
      webhooks = createWebhookRepository(db);
      const metrics = createApiMetrics({ totals: createMetricsTotals(db), cacheMs: 0 });
      render = () => metrics.render();
    });
    after(async () => {
      await sb?.stop();
    });

    async function endpointWithAttempts(latencies: [AttemptRecord['outcome'], number, boolean?][]) {
      const endpoint = await webhooks.create({
        url: 'http://127.0.0.1:9/hook',
        events: ['*'],
        secret: 'whsec_test_secret_0123',
      });
      const attempts: AttemptRecord[] = [];
      for (const [n, [outcome, latencyMs, test]] of latencies.entries()) {
        const [{ id }] = (await sb.sql.query<{ id: string }>(
          `insert into webhook_deliveries (endpoint_id, event_id, event_seq, event_type, message_id) values ($1, $2, $3, 'contact.updated', $4) returning id`,
          [endpoint.id, randomUUID(), n + 1, `msg_${randomUUID()}`],
        )) as [{ id: string }];
        attempts.push({
          deliveryId: test ? null : id,
          messageId: `msg_${n}`,
          eventType: 'contact.updated',
          attempt: 1,
          outcome,
          responseStatus: 200,
          responseBody: '',
          latencyMs,
          error: null,
          nextAttemptAt: null,
          replay: false,
          test: test ?? false,
          attemptedAt: new Date(Date.UTC(2026, 0, 1)).toISOString(),
        });
      }
      await deliveries.record(endpoint.id, attempts, {});
      return endpoint.id;
    }

    it('reports nothing before anything happened, and the database as up', async () => {
      const text = await render();
      assert.deepEqual(pick(text, 'crm_dms_total'), []);
      assert.deepEqual(pick(text, 'crm_webhook_deliveries_pending'), ['crm_webhook_deliveries_pending 0']);
      assert.deepEqual(pick(text, 'crm_metrics_source_up'), ['crm_metrics_source_up{source="database"} 1']);
    });

    it('counts webhook attempts by outcome and latency, leaving test sends out, and keeps them through pruning and endpoint removal', async () => {
      const first = await endpointWithAttempts([
        ['delivered', 40],
        ['delivered', 900],
        ['failed', 20_000],
        ['delivered', 5, true],
      ]);
      const expected = [
        'crm_webhook_attempt_duration_seconds_bucket{outcome="delivered",le="0.05"} 1',
        'crm_webhook_attempt_duration_seconds_bucket{outcome="delivered",le="1"} 2',
        'crm_webhook_attempt_duration_seconds_bucket{outcome="delivered",le="+Inf"} 2',
        'crm_webhook_attempt_duration_seconds_sum{outcome="delivered"} 0.94',
        'crm_webhook_attempt_duration_seconds_count{outcome="delivered"} 2',
        'crm_webhook_attempt_duration_seconds_bucket{outcome="failed",le="30"} 1',
        'crm_webhook_attempt_duration_seconds_bucket{outcome="failed",le="+Inf"} 1',
        'crm_webhook_attempt_duration_seconds_sum{outcome="failed"} 20',
        'crm_webhook_attempt_duration_seconds_count{outcome="failed"} 1',
      ];
      const live = await render();
      assert.deepEqual(pick(live, 'crm_webhook_attempt_duration_seconds'), expected);
      assert.deepEqual(pick(live, 'crm_webhook_attempts_total'), [
        'crm_webhook_attempts_total{outcome="delivered"} 2',
        'crm_webhook_attempts_total{outcome="failed"} 1',
      ]);

      // Everything is older than "now + a day": the log is emptied, the totals stay.
      assert.ok((await deliveries.prune(new Date(Date.now() + 86_400_000).toISOString(), 1_000)) >= 4);
      assert.equal(Number((await sb.sql.query<{ n: string }>('select count(*) as n from webhook_attempts'))[0]!.n), 0);
      assert.deepEqual(pick(await render(), 'crm_webhook_attempt_duration_seconds'), expected);

      const second = await endpointWithAttempts([['gone', 120]]);
      assert.equal(await webhooks.remove(second), true, 'its attempts go with it (on delete cascade)');
      assert.equal(await webhooks.remove(first), true);
      const after = await render();
      assert.deepEqual(pick(after, 'crm_webhook_attempts_total'), [
        'crm_webhook_attempts_total{outcome="delivered"} 2',
        'crm_webhook_attempts_total{outcome="failed"} 1',
        'crm_webhook_attempts_total{outcome="gone"} 1',
      ]);
      assert.deepEqual(pick(after, 'crm_webhook_attempt_duration_seconds_bucket{outcome="gone"'), [
        'crm_webhook_attempt_duration_seconds_bucket{outcome="gone",le="0.25"} 1',
        'crm_webhook_attempt_duration_seconds_bucket{outcome="gone",le="+Inf"} 1',
      ]);
    });

    it('counts DMs by account and result, unknown for needs_review, with the skip reason or failure code', async () => {
      await sb.sql.query(
        `insert into accounts (id, safari_url) values ('acct-a', 'http://127.0.0.1:9'), ('acct-b', 'http://127.0.0.1:9')`,
      );
      const statuses: [string, string, string | null][] = [
        ['acct-a', 'sent', 'OK, then found in the thread'],
        ['acct-a', 'sent', 'OK'],
        ['acct-a', 'skipped', 'replied'],
        ['acct-a', 'skipped', 'opted_out'],
        ['acct-a', 'needs_review', 'OUTCOME_UNKNOWN'],
        ['acct-b', 'failed', 'NOT_FOUND'],
        ['acct-b', 'failed', 'a sentence, not a code'],
        ['acct-b', 'queued', null],
      ];
      for (const [n, [account, status, outcome]] of statuses.entries()) {
        const [{ id }] = (await sb.sql.query<{ id: string }>(
          `insert into contacts (account_id, username) values ($1, $2) returning id`,
          [account, `person${n}`],
        )) as [{ id: string }];
        await sb.sql.query(
          `insert into outreach_items (id, account_id, business_key, kind, contact_id, username, text, text_key, stop_on_reply, status, outcome, attempt_token)
           values ($1, $2, $3, 'queued', $4, $5, 'hi', 'k', true, $6, $7, 't')`,
          [randomUUID(), account, `key-${n}`, id, `person${n}`, status, outcome],
        );
      }
      // Sorted: the order of the rows is the database's collation's business.
      assert.deepEqual(pick(await render(), 'crm_dms_total').sort(), [
        'crm_dms_total{account="acct-a",result="sent",reason=""} 2',
        'crm_dms_total{account="acct-a",result="skipped",reason="opted_out"} 1',
        'crm_dms_total{account="acct-a",result="skipped",reason="replied"} 1',
        'crm_dms_total{account="acct-a",result="unknown",reason="OUTCOME_UNKNOWN"} 1',
        'crm_dms_total{account="acct-b",result="failed",reason="NOT_FOUND"} 1',
        'crm_dms_total{account="acct-b",result="failed",reason="other"} 1',
      ]);
    });
  });
}
