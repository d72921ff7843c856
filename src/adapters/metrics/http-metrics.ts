import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * Requests the API answered, by method, route pattern (`/api/contacts/:id`, never the raw path:
 * ids would make the series unbounded) and status. Counted in this process: they start again at 0
 * when the API restarts, which Prometheus' rate() expects of a counter.
 */
export interface HttpMetrics {
  observe(method: string, route: string, status: number, seconds: number): void;
}

/** Seconds: most answers are database reads; a route waiting on a workflow may hold up to ~10 s. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createHttpMetrics(registry: Registry): HttpMetrics {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'crm_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'crm_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames,
    buckets: BUCKETS,
    registers: [registry],
  });
  return {
    observe(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
