import { z } from 'zod';
import { int, port, secret } from '../fields';

export const serverEnv = {
  CRM_SERVER_PORT: port(3200),
  /** Required: every /api/* route but the signed MediaPoster webhook checks it. */
  CRM_API_KEY: secret(16),
  CRM_BODY_LIMIT_BYTES: int(256 * 1024, 1024, 20 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEBHOOK_SECRET: secret(16),
};

export function buildServer(e: z.infer<z.ZodObject<typeof serverEnv>>) {
  return {
    server: { port: e.CRM_SERVER_PORT, apiKey: e.CRM_API_KEY, bodyLimitBytes: e.CRM_BODY_LIMIT_BYTES },
    log: { level: e.LOG_LEVEL },
    webhooks: { incomingSecret: e.WEBHOOK_SECRET },
  };
}
