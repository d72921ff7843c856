import { createHmac, timingSafeEqual } from 'node:crypto';
import { standardKey } from './signing';

/**
 * Checks a webhook sent to us (MediaPoster's) before anything reads it: `X-Webhook-Signature` is
 * the hex HMAC-SHA256 of the exact raw body keyed by WEBHOOK_SECRET, with or without `sha256=`,
 * compared timing-safe; or Standard Webhooks' `webhook-signature` over `id.timestamp.body`. Any
 * timestamp sent (`X-Webhook-Timestamp` as seconds, milliseconds or an ISO time — MediaPoster's is
 * naive UTC — or `webhook-timestamp`) must be within 5 minutes of now, so a captured request cannot
 * be replayed later.
 */

export type IncomingVerdict = { ok: true } | { ok: false; reason: string };
const TOLERANCE_MS = 5 * 60_000;

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Seconds, milliseconds or an ISO time (a time without a zone is UTC); NaN when unreadable. */
export function timestampMs(raw: string): number {
  const s = raw.trim();
  if (/^\d+$/.test(s)) return Number(s) > 1e12 ? Number(s) : Number(s) * 1000;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
}

export function verifyIncoming(body: string, header: (name: string) => string | undefined, secret: string, nowMs: number): IncomingVerdict {
  const fresh = (raw: string | undefined): IncomingVerdict => {
    if (raw === undefined) return { ok: true };
    const at = timestampMs(raw);
    if (Number.isNaN(at)) return { ok: false, reason: 'unreadable timestamp' };
    return Math.abs(nowMs - at) <= TOLERANCE_MS ? { ok: true } : { ok: false, reason: 'timestamp outside 5 minutes of now' };
  };
  const hex = header('x-webhook-signature');
  if (hex !== undefined) {
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    if (!same(hex.trim().replace(/^sha256=/i, '').toLowerCase(), expected)) return { ok: false, reason: 'signature does not match' };
    return fresh(header('x-webhook-timestamp') ?? header('webhook-timestamp'));
  }
  const [id, ts, signatures] = [header('webhook-id'), header('webhook-timestamp'), header('webhook-signature')];
  if (id === undefined || ts === undefined || signatures === undefined) return { ok: false, reason: 'unsigned' };
  const expected = `v1,${createHmac('sha256', standardKey(secret)).update(`${id}.${ts}.${body}`).digest('base64')}`;
  if (!signatures.split(' ').some((s) => same(s, expected))) return { ok: false, reason: 'signature does not match' };
  return fresh(ts);
}
