import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { outreachResults } from '../../app/analytics/outreach-results';
import { requireAccount } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { OutreachResults, ResultsQuery } from '../schemas/analytics';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';

/** Results you can compare: an account's DMs of a period per campaign, template, video, lane, step or day. */

const route = createRoute({
  method: 'get',
  path: '/api/analytics/outreach',
  summary: 'Sent, failed, replied, opted out and interested per group of DMs',
  description:
    'One row per group, in group order (the group without a value last). "Replied": an inbound message within ' +
    "CRM_REPLY_WINDOW after the group's first sent DM to that contact. DMs are in the period by when they were sent " +
    '(when they were queued, if not sent).',
  security: apiKeySecurity,
  request: { query: ResultsQuery },
  responses: { 200: jsonResponse(OutreachResults, 'Results per group'), ...errorResponses(400, 401, 404, 503) },
});

/** The ports these routes use (built once in app.ts). */
export type AnalyticsRouteDeps = RouteDeps<'results', 'analytics' | 'outreach'>;

export function registerAnalyticsRoutes(app: OpenAPIHono<AppEnv>, deps: AnalyticsRouteDeps) {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query');
    const account = await requireAccount(c);
    const answer = await outreachResults(
      {
        results: deps.results,
        replyWindowMs: deps.config.analytics.replyWindowMs,
        defaults: deps.config.outreach.defaults,
      },
      account,
      { groupBy: q.groupBy, since: q.since ?? null, until: q.until ?? null },
    );
    return c.json(answer, 200);
  });
}
