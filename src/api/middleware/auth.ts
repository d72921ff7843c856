import { createMiddleware } from 'hono/factory';
import { presentedKey } from '../../adapters/auth/api-key';
import { scopeAllows } from '../../domain/api-scopes';
import type { AppEnv } from '../env';
import { errorResponse } from '../errors';

export { keyMatches } from '../../adapters/auth/api-key';

/**
 * The API-key check for `/api/*` and `/metrics`: who the key is (CRM_API_KEY, or a key issued by
 * POST /api/keys), then whether its scope allows this method on this path (domain/api-scopes.ts).
 * No key or an unknown, revoked or expired one: 401; a key whose scope does not reach: 403.
 */

export function requireApiKey(isExempt: (path: string) => boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (isExempt(c.req.path)) return next();
    const given = presentedKey((name) => c.req.header(name));
    const principal = given ? await c.get('shared').keys.principalOf(given) : null;
    if (!principal) {
      return errorResponse(
        c,
        'UNAUTHORIZED',
        'A valid API key is required (x-api-key or Authorization: Bearer)',
        undefined,
        {
          'WWW-Authenticate': 'Bearer realm="crm"',
        },
      );
    }
    const verdict = scopeAllows(principal.scope, c.req.method, c.req.path);
    if (!verdict.allowed) {
      return errorResponse(
        c,
        'FORBIDDEN',
        `The key "${principal.name}" (${principal.scope}) may not ${c.req.method} ${c.req.path}: that needs a ${verdict.needs} key`,
        {
          scope: principal.scope,
          needs: verdict.needs,
        },
      );
    }
    c.set('principal', principal);
    return next();
  });
}
