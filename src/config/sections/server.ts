import { z } from 'zod';
import { bool, int, port, secret } from '../fields';

export const serverEnv = {
  CRM_SERVER_PORT: port(3200),
  /** Required: every /api/* route checks it. */
  CRM_API_KEY: secret(16),
  CRM_BODY_LIMIT_BYTES: int(256 * 1024, 1024, 20 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The secret MediaPoster signs the webhooks it sends us with (POST /api/incoming/mediaposter checks it). */
  WEBHOOK_SECRET: secret(16),
  /**
   * Webhook endpoints on loopback or private addresses; link-local and metadata never. Off by default:
   * with it, whoever holds an API key can make the CRM post to the LAN. `npm start` turns it on (its demo's receivers are local).
   */
  WEBHOOK_ALLOW_PRIVATE: bool(false),
  /** After a secret rotation the previous secret keeps signing this long, so receivers can switch. */
  WEBHOOK_SECRET_GRACE_MS: int(86_400_000, 0),
  /** The Instagram account this CRM works for (the one logged in to Safari); a key, not a handle. */
  CRM_ACCOUNT_ID: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, 'must be 1–40 of a-z 0-9 _ -')
    .default('default'),
};

export function buildServer(e: z.infer<z.ZodObject<typeof serverEnv>>) {
  return {
    server: {
      port: e.CRM_SERVER_PORT,
      apiKey: e.CRM_API_KEY,
      bodyLimitBytes: e.CRM_BODY_LIMIT_BYTES,
      accountId: e.CRM_ACCOUNT_ID,
    },
    log: { level: e.LOG_LEVEL },
    webhooks: {
      incomingSecret: e.WEBHOOK_SECRET,
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      secretGraceMs: e.WEBHOOK_SECRET_GRACE_MS,
    },
  };
}
