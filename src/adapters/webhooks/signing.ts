import { createHmac } from 'node:crypto';

/**
 * One delivery's bytes signed two ways at once, so both kinds of receiver verify it:
 * - the design's: `X-Webhook-Signature` = hex HMAC-SHA256 of the exact body keyed by the secret as
 *   given, with `X-Webhook-Event` and `X-Webhook-Timestamp` (seconds). During a rotation's grace
 *   period the previous secret's signature goes in `X-Webhook-Signature-Previous`;
 * - Standard Webhooks: `webhook-id` (the same for every retry of one message), `webhook-timestamp`
 *   and `webhook-signature` = `v1,<base64 HMAC of "id.timestamp.body">` per valid secret. The key
 *   is the base64 after `whsec_`; a secret given in another form is used as raw bytes (a receiver
 *   then verifies with `new Webhook(secret, { format: 'raw' })`).
 */

export interface SignInput {
  messageId: string;
  eventType: string;
  /** The exact bytes sent. */
  body: string;
  timestampSeconds: number;
  /** Current secret first, then a previous one still in its grace period. */
  secrets: string[];
}

export function standardKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

export function signatureHeaders(s: SignInput): Record<string, string> {
  const [current, previous] = s.secrets;
  if (!current) throw new Error('an endpoint without a secret cannot be signed for');
  const hex = (secret: string) => createHmac('sha256', secret).update(s.body).digest('hex');
  const signed = `${s.messageId}.${s.timestampSeconds}.${s.body}`;
  const v1 = (secret: string) => `v1,${createHmac('sha256', standardKey(secret)).update(signed).digest('base64')}`;
  return {
    'content-type': 'application/json',
    'x-webhook-event': s.eventType,
    'x-webhook-timestamp': String(s.timestampSeconds),
    'x-webhook-signature': hex(current),
    ...(previous ? { 'x-webhook-signature-previous': hex(previous) } : {}),
    'webhook-id': s.messageId,
    'webhook-timestamp': String(s.timestampSeconds),
    'webhook-signature': s.secrets.map(v1).join(' '),
  };
}
