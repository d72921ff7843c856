import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, RouteDeps } from '../env';
import { runProbes } from '../health-check';

const ProbeReport = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const HealthBody = z
  .object({
    status: z.enum(['ok', 'degraded']),
    timestamp: z.string(),
    down: z.array(z.string()).openapi({ description: 'Names of the dependencies that did not answer' }),
    checks: z.record(z.string(), ProbeReport),
    services: z.record(z.string(), z.enum(['connected', 'unavailable', 'not_configured'])).openapi({
      description:
        "The original server's shape: each dependency as connected, unavailable or not_configured (an optional one left unset)",
    }),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Checks every dependency for real',
  responses: {
    200: { description: 'Every dependency answered', content: { 'application/json': { schema: HealthBody } } },
    503: { description: 'At least one dependency is down', content: { 'application/json': { schema: HealthBody } } },
  },
});

const PROBE_TIMEOUT_MS = 3_000;

/** The ports these routes use (built once in app.ts). */
export type HealthRouteDeps = RouteDeps<'probes', 'notConfigured'>;

export function registerHealthRoutes(app: OpenAPIHono<AppEnv>, deps: HealthRouteDeps) {
  app.openapi(route, async (c) => {
    const checks = await runProbes(deps.probes, PROBE_TIMEOUT_MS);
    const down = Object.keys(checks).filter((name) => !checks[name]!.ok);
    const services = Object.fromEntries([
      ...Object.entries(checks).map(
        ([name, r]) => [name, r.ok ? ('connected' as const) : ('unavailable' as const)] as const,
      ),
      ...(deps.config.notConfigured ?? []).map((name) => [name, 'not_configured' as const] as const),
    ]);
    const body = {
      status: down.length ? ('degraded' as const) : ('ok' as const),
      timestamp: new Date().toISOString(),
      down,
      checks,
      services,
    };
    return down.length ? c.json(body, 503) : c.json(body, 200);
  });
}
