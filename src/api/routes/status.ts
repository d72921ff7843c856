import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AccountQuery, requireAccount } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { apiKeySecurity, errorResponses } from '../schemas/common';
import { SenderView } from '../schemas/outreach';
import { pacingView } from '../../app/outreach/sender-views';

/**
 * The original GET /api/status: Safari's own status and rate limits (neither drives the browser),
 * the queue, and the account's pacing. Safari answering with an error is part of the answer
 * (`safariError`); Safari not answering at all is a 503 SAFARI_UNAVAILABLE, with the queue and
 * pacing in its details.
 */

const StatusBody = z
  .object({
    safari: z.unknown().nullable().openapi({ description: "Safari's GET /api/status, or null when it did not answer" }),
    rateLimits: z
      .unknown()
      .nullable()
      .openapi({ description: "Safari's GET /api/rate-limits (its own counters), or null" }),
    safariError: z.string().optional(),
    queue: z.object({ pending: z.number().int(), total: z.number().int() }),
    pacing: SenderView,
  })
  .openapi('Status');

const route = createRoute({
  method: 'get',
  path: '/api/status',
  summary: "Safari's status and rate limits, the queue, and the account's pacing",
  security: apiKeySecurity,
  request: { query: AccountQuery },
  responses: {
    200: { description: 'Status', content: { 'application/json': { schema: StatusBody } } },
    ...errorResponses(400, 401, 404, 503),
  },
});

/** The ports these routes use (built once in app.ts). */
export type StatusRouteDeps = RouteDeps<'accounts' | 'now' | 'outreach' | 'safariFor' | 'senders', 'outreach'>;

export function registerStatusRoutes(app: OpenAPIHono<AppEnv>, deps: StatusRouteDeps) {
  app.openapi(route, async (c) => {
    const account = await requireAccount(c);
    // The account's own key, if it has one; safariFor decides whether the configured one may go there.
    const own = await deps.accounts.safariServer(account.id);
    const safari = deps.safariFor(account.safariUrl, own?.apiKey);
    const [status, limits, view] = await Promise.all([safari.status(), safari.rateLimits(), pacingView(deps, account)]);
    const { snapshot, ...pacing } = view;
    const total = Object.values(snapshot.counts).reduce((n, v) => n + (v ?? 0), 0);
    const queue = { pending: (snapshot.counts.queued ?? 0) + (snapshot.counts.awaiting_approval ?? 0), total };
    // No answer at all (no HTTP status): the server is down or unreachable, which is an outage, not a status.
    if (!status.ok && status.httpStatus === undefined) {
      throw new ApiError('SAFARI_UNAVAILABLE', `The Safari Automation server at ${account.safariUrl} did not answer`, {
        queue,
        pacing,
      });
    }
    const failure = !status.ok ? status : !limits.ok ? limits : null;
    return c.json(
      {
        safari: status.ok ? status.value : null,
        rateLimits: limits.ok ? limits.value : null,
        ...(failure ? { safariError: `${failure.code}: ${failure.message}` } : {}),
        queue,
        pacing,
      },
      200,
    );
  });
}
