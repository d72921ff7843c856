import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The one API-key rule, for the API's `/api/*` and the worker's `/metrics` alike: the key comes in
 * `x-api-key: <key>` or `Authorization: Bearer <key>`, and both sides are hashed first so the
 * comparison is constant-time whatever the lengths.
 */

const digest = (s: string) => createHash('sha256').update(s).digest();

export function keyMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The key a request presents, read through `header(name)` (Hono's or Node's headers alike). */
export function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const direct = header('x-api-key');
  if (direct) return direct;
  const auth = header('authorization');
  const match = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return match?.[1]?.trim();
}

export function keyAccepted(header: (name: string) => string | undefined, expected: string): boolean {
  const given = presentedKey(header);
  return Boolean(given) && keyMatches(given!, expected);
}

/** Keys this CRM issues start so: anything else is only ever compared with CRM_API_KEY. */
export const ISSUED_KEY_PREFIX = 'crm_';

/** A new key (shown once), what is stored of it (its sha256) and what identifies it in lists. */
export function newApiKey(): { key: string; hash: string; prefix: string } {
  const key = `${ISSUED_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, ISSUED_KEY_PREFIX.length + 6) };
}

/** Issued keys are 192 random bits: a plain sha256 is as good as a slow hash for them, and cheap per request. */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');
