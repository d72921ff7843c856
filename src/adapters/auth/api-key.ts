import { createHash, timingSafeEqual } from 'node:crypto';

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
