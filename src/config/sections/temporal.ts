import { z } from 'zod';
import { bool, httpUrl, int, optionalString } from '../fields';

export const temporalEnv = {
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'must be host:port')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('crm'),
  TEMPORAL_UI_URL: httpUrl().default('http://localhost:8233'),
  /** Temporal Cloud: mTLS client certificate files, or an API key (which implies TLS). */
  TEMPORAL_TLS: bool(false),
  TEMPORAL_TLS_CERT_PATH: optionalString(),
  TEMPORAL_TLS_KEY_PATH: optionalString(),
  TEMPORAL_API_KEY: optionalString(),
  /** One call a request waits on (start, signal, describe, list), retries included: past it, 503 TEMPORAL_UNAVAILABLE. */
  TEMPORAL_TIMEOUT_MS: int(10_000, 1),
};

type TemporalEnv = z.infer<z.ZodObject<typeof temporalEnv>>;

export function buildTemporal(e: TemporalEnv) {
  const tls = e.TEMPORAL_TLS || Boolean(e.TEMPORAL_API_KEY) || Boolean(e.TEMPORAL_TLS_CERT_PATH);
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
      tls,
      clientCertPath: e.TEMPORAL_TLS_CERT_PATH,
      clientKeyPath: e.TEMPORAL_TLS_KEY_PATH,
      apiKey: e.TEMPORAL_API_KEY,
      timeoutMs: e.TEMPORAL_TIMEOUT_MS,
    },
  };
}

/** Cross-field rule: a client certificate needs its key and the other way round. */
export function checkTemporal(e: TemporalEnv): { key: string; message: string }[] {
  if (Boolean(e.TEMPORAL_TLS_CERT_PATH) === Boolean(e.TEMPORAL_TLS_KEY_PATH)) return [];
  const missing = e.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH';
  return [{ key: missing, message: 'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together' }];
}
