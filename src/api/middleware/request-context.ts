import { createMiddleware } from 'hono/factory';
import type { AppEnv, ApiDeps, SharedDeps } from '../env';

/**
 * Puts the shared ports (see SharedDeps), a request-scoped logger carrying the request id, and one access-log line per
 * request in place. The id comes from `X-Request-Id` when the caller sent a sane one.
 */
export function requestContext(deps: ApiDeps) {
  const { accounts, keys, workflows, config } = deps;
  const shared: SharedDeps = {
    accounts,
    keys,
    workflows,
    config: {
      accountId: config.accountId,
      temporalUiUrl: config.temporalUiUrl,
      temporalNamespace: config.temporalNamespace,
    },
  };
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : crypto.randomUUID();
    const log = deps.log.child({ requestId });
    c.set('shared', shared);
    c.set('requestId', requestId);
    c.set('log', log);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    log.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
}
