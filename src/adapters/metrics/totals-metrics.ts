import type { Registry } from 'prom-client';
import { OUTREACH_TRANSITIONS } from '../../domain/outreach-transitions';
import { readCounter, readGauge, ReadHistogram } from './read-metrics';
import { INFINITE_BUCKET_MS, type MetricsTotals } from './totals';

/**
 * The metrics read from the durable tables on scrape (see crm_metrics_totals): what happened to
 * DMs, what syncs did, how webhook deliveries went. They are the same numbers whichever API
 * instance is scraped, and they survive restarts.
 */

type Read = () => Promise<MetricsTotals | null>;

/** The ledger's final statuses, in the words of the issue: needs_review is a send whose outcome is unknown. */
const RESULT: Record<string, string> = { sent: 'sent', failed: 'failed', needs_review: 'unknown', skipped: 'skipped' };
/**
 * The reason of a skip or a failure is its outcome code; a sent DM has none. Codes and skip reasons are
 * short closed sets; anything else is folded so the series stay bounded (the counter adds up what folds together).
 */
const reasonLabel = (d: MetricsTotals['dms'][number]) =>
  d.status === OUTREACH_TRANSITIONS.settleSent.to || d.outcome === null
    ? ''
    : /^[A-Za-z0-9_]{1,40}$/.test(d.outcome)
      ? d.outcome
      : 'other';

const map =
  <T, R>(read: Read, pick: (t: MetricsTotals) => T[], f: (row: T) => R) =>
  async (): Promise<R[] | null> => {
    const t = await read();
    return t === null ? null : pick(t).map(f);
  };

export function registerTotalsMetrics(registry: Registry, read: Read): void {
  readCounter(
    {
      registry,
      name: 'crm_dms_total',
      help: 'DMs that reached an end: sent, failed, unknown (may have gone out; needs review) or skipped, with the skip reason or failure code',
      labelNames: ['account', 'result', 'reason'],
    },
    map(
      read,
      (t) => t.dms,
      (d) => ({
        labels: { account: d.account_id, result: RESULT[d.status] ?? d.status, reason: reasonLabel(d) },
        value: d.n,
      }),
    ),
  );

  const sync = [
    ['crm_sync_runs_total', 'Inbox syncs finished', 'runs'],
    ['crm_sync_threads_read_total', 'Threads the syncs read', 'threads_read'],
    ['crm_sync_threads_failed_total', 'Threads the syncs could not read', 'threads_failed'],
    ['crm_sync_messages_added_total', 'Messages the syncs added', 'messages_added'],
    ['crm_sync_contacts_created_total', 'Contacts the syncs created', 'contacts_created'],
  ] as const;
  for (const [name, help, field] of sync) {
    readCounter(
      { registry, name, help, labelNames: ['account'] },
      map(
        read,
        (t) => t.sync,
        (s) => ({ labels: { account: s.account_id }, value: s[field] }),
      ),
    );
  }

  readCounter(
    {
      registry,
      name: 'crm_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered, retrying, failed (gave up), gone (endpoint said 410); test sends excluded',
      labelNames: ['outcome'],
    },
    map(
      read,
      (t) => byOutcome(t),
      ([outcome, rows]) => ({ labels: { outcome }, value: rows.reduce((a, r) => a + r.attempts, 0) }),
    ),
  );
  new ReadHistogram(
    {
      registry,
      name: 'crm_webhook_attempt_duration_seconds',
      help: 'How long webhook delivery attempts took, by outcome',
      labelNames: ['outcome'],
    },
    map(
      read,
      (t) => byOutcome(t),
      ([outcome, rows]) => ({
        labels: { outcome },
        buckets: new Map(rows.map((r) => [r.le_ms === INFINITE_BUCKET_MS ? Infinity : r.le_ms / 1000, r.attempts])),
        sum: rows.reduce((a, r) => a + r.latency_ms_sum, 0) / 1000,
      }),
    ),
  );
  readGauge(
    {
      registry,
      name: 'crm_webhook_deliveries_pending',
      help: 'Webhook deliveries still owed (not yet delivered, failed or cancelled)',
      labelNames: [],
    },
    map(
      read,
      (t) => [t.webhook_pending],
      (value) => ({ labels: {}, value }),
    ),
  );
}

function byOutcome(t: MetricsTotals) {
  const groups = new Map<string, MetricsTotals['webhooks']>();
  for (const row of t.webhooks) groups.set(row.outcome, [...(groups.get(row.outcome) ?? []), row]);
  return [...groups.entries()];
}
