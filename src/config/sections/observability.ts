import { z } from 'zod';
import { bool, emptyAsUndefined, int } from '../fields';

/** GET /metrics on the API and the worker, and how log lines look. */
export const observabilityEnv = {
  /** /metrics without the API key, for a Prometheus on the LAN that cannot send one. */
  METRICS_PUBLIC: bool(false),
  /** The worker's own /metrics (its process and the Temporal SDK's worker metrics); 0: not served. */
  WORKER_METRICS_PORT: int(3201, 0, 65535),
  /**
   * auto (also unset): short human lines when stdout is a terminal, JSON otherwise; json or pretty
   * force one. Unset rather than auto lets `npm start` choose for its children.
   */
  LOG_FORMAT: emptyAsUndefined(z.enum(['auto', 'json', 'pretty']).optional()),
};

export function buildObservability(e: z.infer<z.ZodObject<typeof observabilityEnv>>) {
  return {
    metrics: { public: e.METRICS_PUBLIC, workerPort: e.WORKER_METRICS_PORT === 0 ? null : e.WORKER_METRICS_PORT },
    logFormat: e.LOG_FORMAT ?? 'auto',
  };
}
