import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { errorResponse } from '../errors';

/**
 * API-key check for `/api/*`: `x-api-key: <key>` or `Authorization: Bearer <key>`. Both sides are
 * hashed first so the comparison is constant-time whatever the lengths.
 */

const digest = (s: string) => createHash('sha256').update(s).digest();

export function keyMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const direct = header('x-api-key');
  if (direct) return direct;
  const auth = header('authorization');
  const match = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return match?.[1]?.trim();
}

export function requireApiKey(isExempt: (path: string) => boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (isExempt(c.req.path)) return next();
    const given = presentedKey((name) => c.req.header(name));
    const expected = c.get('deps').config.apiKey;
    if (!given || !keyMatches(given, expected)) {
      return errorResponse(c, 'UNAUTHORIZED', 'A valid API key is required (x-api-key or Authorization: Bearer)', undefined, {
        'WWW-Authenticate': 'Bearer realm="crm"',
      });
    }
    return next();
  });
}
