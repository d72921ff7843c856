import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { cachedSource, withDeadline } from './cached';
import { createHttpMetrics, type HttpMetrics } from './http-metrics';
import { registerPacingMetrics, type PacingSample } from './pacing-metrics';
import type { MetricsTotals } from './totals';
import { registerTotalsMetrics } from './totals-metrics';

export type { PacingSample };

/**
 * Everything the API's GET /metrics shows, on a registry of its own (never prom-client's global
 * one, so each app built in a test starts empty): HTTP requests counted here, the durable totals
 * and the pacing views read on scrape through a short cache, and this process's own metrics.
 */

export interface ApiMetricsOptions {
  /** The durable totals (crm_metrics_totals); left out, those metrics are not shown. */
  totals?: () => Promise<MetricsTotals>;
  /** Every account's pacing view; left out, the queue and blockedBy metrics are not shown. */
  pacing?: () => Promise<PacingSample[]>;
  /** How long one read of each source serves scrapes: a scrape storm costs one read per source. */
  cacheMs?: number;
  /** A source slower than this is reported down for the scrape (Prometheus' own timeout is 10 s). */
  readTimeoutMs?: number;
  /** Node's process metrics (CPU, memory, event loop lag, GC): once per process, not per test app. */
  processMetrics?: boolean;
  onSourceError?: (source: string, err: unknown) => void;
}

export interface ApiMetrics {
  http: HttpMetrics;
  contentType: string;
  render(): Promise<string>;
}

export const DEFAULT_METRICS_CACHE_MS = 5_000;
const DEFAULT_READ_TIMEOUT_MS = 3_000;

export function createApiMetrics(o: ApiMetricsOptions = {}): ApiMetrics {
  const registry = new Registry();
  if (o.processMetrics) collectDefaultMetrics({ register: registry });
  const http = createHttpMetrics(registry);
  const sources = new Map<string, () => Promise<unknown>>();
  const source = <T>(name: string, load: () => Promise<T>) => {
    const bounded = withDeadline(load, o.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
    const read = cachedSource(bounded, o.cacheMs ?? DEFAULT_METRICS_CACHE_MS, (err) => o.onSourceError?.(name, err));
    sources.set(name, read);
    return read;
  };
  if (o.totals) registerTotalsMetrics(registry, source('database', o.totals));
  if (o.pacing) registerPacingMetrics(registry, source('pacing', o.pacing));
  new Gauge({
    name: 'crm_metrics_source_up',
    help: 'Whether the read behind these metrics worked (database: the durable totals; pacing: the queue views); 0 leaves its metrics out',
    labelNames: ['source'],
    registers: [registry],
    // The same read the metrics of this scrape share (cachedSource): no second trip to the database.
    async collect() {
      const results = await Promise.all(
        [...sources].map(async ([name, read]) => [name, (await read()) === null ? 0 : 1] as const),
      );
      for (const [name, value] of results) this.set({ source: name }, value);
    },
  });
  return { http, contentType: registry.contentType, render: () => registry.metrics() };
}
