import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { errorResponse } from '../errors';
import { keyAccepted } from '../../adapters/auth/api-key';

export { keyMatches } from '../../adapters/auth/api-key';

/**
 * API-key check for `/api/*` (the rule itself is adapters/auth/api-key.ts, shared with the worker's
 * /metrics).
 */

export function requireApiKey(isExempt: (path: string) => boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (isExempt(c.req.path)) return next();
    if (!keyAccepted((name) => c.req.header(name), c.get('deps').config.apiKey)) {
      return errorResponse(c, 'UNAUTHORIZED', 'A valid API key is required (x-api-key or Authorization: Bearer)', undefined, {
        'WWW-Authenticate': 'Bearer realm="crm"',
      });
    }
    return next();
  });
}
