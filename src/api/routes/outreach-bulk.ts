import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { decideMany, type BulkDecision } from '../../app/outreach/queue-bulk';
import { requireAccount } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { apiKeySecurity, errorResponses, jsonRequest, jsonResponse } from '../schemas/common';
import { BulkDecisionRequest, BulkDecisionResult } from '../schemas/outreach-bulk';

/** Approve or reject many queued DMs at once: by ids, or a campaign's waiting items; answered per item. */

const route = (decision: BulkDecision) =>
  createRoute({
    method: 'post',
    path: `/api/outreach/${decision}`,
    summary:
      decision === 'approve'
        ? 'Approve many DMs ({ids} or {campaign}, at most 500); each item answered: approved, already_approved, not_waiting, not_found'
        : 'Reject many DMs ({ids} or {campaign}, at most 500; they are cancelled); each item answered: rejected, not_waiting, not_found',
    security: apiKeySecurity,
    request: { body: jsonRequest(BulkDecisionRequest) },
    responses: {
      200: jsonResponse(BulkDecisionResult, 'What was done to each item'),
      ...errorResponses(400, 401, 403, 404, 413, 503),
    },
  });

/** The ports these routes use (built once in app.ts). */
export type OutreachBulkDeps = RouteDeps<'now' | 'outreach' | 'senders'>;

export function registerOutreachBulkRoutes(app: OpenAPIHono<AppEnv>, deps: OutreachBulkDeps) {
  for (const decision of ['approve', 'reject'] as const)
    app.openapi(route(decision), async (c) => {
      const { accountId, ...target } = c.req.valid('json');
      const account = await requireAccount(c, accountId ?? c.get('accountId'));
      const { results, more } = await decideMany(deps, account.id, target, decision, c.get('principal').name);
      const count = (r: string) => results.filter((x) => x.result === r).length;
      return c.json({ results, approved: count('approved'), rejected: count('rejected'), more }, 200);
    });
}
