import { createHmac, timingSafeEqual } from 'node:crypto';
import { standardKey } from './signing';

/**
 * Checks a webhook sent to us (MediaPoster's) before anything reads it: `X-Webhook-Signature` is
 * the hex HMAC-SHA256 of the exact raw body keyed by the account's secret, with or without
 * `sha256=`, compared timing-safe; or Standard Webhooks' `webhook-signature` over
 * `id.timestamp.body`. Timestamps (seconds, milliseconds or an ISO time — MediaPoster's is naive
 * UTC) bound how late a captured request can be replayed:
 * - Standard Webhooks signs its timestamp: within 5 minutes of now, as its spec says.
 * - The hex form signs only the body. MediaPoster retries a failed delivery 300 s and 900 s later
 *   with the same timestamp (in the body and `X-Webhook-Timestamp`), so its window is 30 minutes
 *   back (5 ahead, for clocks); the body's own `timestamp`, being signed, is the one judged when
 *   there is one. A replay within the window records nothing new: announcements are idempotent.
 */

export type IncomingVerdict = { ok: true } | { ok: false; reason: string };
const STANDARD_WINDOW = { pastMs: 5 * 60_000, futureMs: 5 * 60_000, words: '5 minutes of now' };
const HEX_WINDOW = { pastMs: 30 * 60_000, futureMs: 5 * 60_000, words: 'the last 30 minutes' };
type Window = typeof STANDARD_WINDOW;

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

/** The `timestamp` a JSON body carries (MediaPoster's envelope), if any. */
function bodyTimestamp(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const ts =
      typeof parsed === 'object' && parsed !== null ? (parsed as { timestamp?: unknown }).timestamp : undefined;
    return typeof ts === 'string' || typeof ts === 'number' ? String(ts) : undefined;
  } catch {
    return undefined;
  }
}

export function verifyIncoming(
  body: string,
  header: (name: string) => string | undefined,
  secret: string,
  nowMs: number,
): IncomingVerdict {
  const fresh = (raw: string | undefined, w: Window): IncomingVerdict => {
    if (raw === undefined) return { ok: true };
    const at = timestampMs(raw);
    if (Number.isNaN(at)) return { ok: false, reason: 'unreadable timestamp' };
    return nowMs - at <= w.pastMs && at - nowMs <= w.futureMs
      ? { ok: true }
      : { ok: false, reason: `timestamp outside ${w.words}` };
  };
  const hex = header('x-webhook-signature');
  if (hex !== undefined) {
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    if (
      !same(
        hex
          .trim()
          .replace(/^sha256=/i, '')
          .toLowerCase(),
        expected,
      )
    )
      return { ok: false, reason: 'signature does not match' };
    return fresh(bodyTimestamp(body) ?? header('x-webhook-timestamp') ?? header('webhook-timestamp'), HEX_WINDOW);
  }
  const [id, ts, signatures] = [header('webhook-id'), header('webhook-timestamp'), header('webhook-signature')];
  if (id === undefined || ts === undefined || signatures === undefined) return { ok: false, reason: 'unsigned' };
  const expected = `v1,${createHmac('sha256', standardKey(secret)).update(`${id}.${ts}.${body}`).digest('base64')}`;
  if (!signatures.split(' ').some((s) => same(s, expected))) return { ok: false, reason: 'signature does not match' };
  return fresh(ts, STANDARD_WINDOW);
}
