import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { ApiMetrics, PacingSample } from '../../adapters/metrics/api-metrics';
import type { AppEnv } from '../env';
import { requireApiKey } from '../middleware/auth';
import { apiKeySecurity, errorResponses } from '../schemas/common';
import { pacingViews, type PacingPorts } from '../../app/outreach/sender-views';
import type { AccountRepository } from '../../adapters/db/account-repository';

/**
 * GET /metrics in Prometheus' text format, behind the API key like /api/* unless METRICS_PUBLIC,
 * and the middleware that counts every request by its route pattern.
 */

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The pattern of the route that answered (`/api/contacts/:id`), or would have if a middleware (the
 * key check, the body limit) answered first; `unmatched` for no route at all. Never the raw path.
 */
function routeLabel(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c);
  // Middleware is registered for every method ('ALL'); routes name theirs.
  const route =
    routes.slice(c.req.routeIndex).find((r) => r.method !== 'ALL') ?? routes.find((r) => r.method !== 'ALL');
  return route?.path ?? 'unmatched';
}

export function countRequests(metrics: ApiMetrics) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    // Any method a client invents would be a new series: the unknown ones share one.
    const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
    metrics.http.observe(method, routeLabel(c), c.res.status, (performance.now() - started) / 1000);
  });
}

/** Declared in /openapi.json like every route, with its security, so the auth test covers it too. */
export function registerMetricsRoute(app: OpenAPIHono<AppEnv>, metrics: ApiMetrics, isPublic: boolean) {
  if (!isPublic)
    app.use(
      '/metrics',
      requireApiKey(() => false),
    );
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics: HTTP requests, DMs, queues and blockedBy, webhook deliveries, syncs',
    ...(isPublic ? {} : { security: apiKeySecurity }),
    responses: {
      200: {
        description: 'Prometheus text exposition format 0.0.4',
        content: { 'text/plain': { schema: z.string() } },
      },
      ...(isPublic ? {} : errorResponses(401)),
    },
  });
  app.get('/metrics', async (c) => c.body(await metrics.render(), 200, { 'Content-Type': metrics.contentType }));
}

/** Every account's pacing view, as GET /api/outreach/queue shows it, reduced to what the metrics read. */
export async function pacingSamples(
  deps: PacingPorts & { accounts: Pick<AccountRepository, 'list'> },
): Promise<PacingSample[]> {
  const views = await pacingViews(deps, await deps.accounts.list());
  return views.map((v) => ({ accountId: v.accountId, state: v.state, blockedBy: v.blockedBy, queue: v.queue }));
}
