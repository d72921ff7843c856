import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { scoreContact } from '../../domain/scoring';
import type { AppEnv, RouteDeps } from '../env';
import { AccountQuery } from '../account-scope';
import { ApiError } from '../errors';
import { toContactResource, toScoreResource } from '../resources';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';
import { ContactIdParam, ContactResource } from '../schemas/contact';
import { ScoreResource } from '../schemas/score';
import { recordScores, RECENT_MESSAGES } from './score-support';

const routes = {
  preview: createRoute({
    method: 'get',
    path: '/api/contacts/{id}/score',
    summary: 'The score the contact would get now (nothing is written)',
    security: apiKeySecurity,
    request: { params: ContactIdParam, query: AccountQuery },
    responses: {
      200: jsonResponse(z.object({ score: ScoreResource }), 'Score computed now'),
      ...errorResponses(400, 401, 404, 503),
    },
  }),
  recalculate: createRoute({
    method: 'post',
    path: '/api/contacts/{id}/score',
    summary: 'Recalculate and store the score (history row and contact.score_changed event when it moves)',
    security: apiKeySecurity,
    request: { params: ContactIdParam, query: AccountQuery },
    responses: {
      200: jsonResponse(
        z.object({
          contact: ContactResource,
          score: ScoreResource,
          changed: z.boolean().openapi({ description: 'The overall score moved' }),
        }),
        'Recalculated',
      ),
      ...errorResponses(400, 401, 404, 503),
    },
  }),
};

/** The contact row and its newest messages: what a fresh score is computed from. */
async function scoringInput(deps: ContactScoreRouteDeps, accountId: string, idOrUsername: string) {
  const row = await deps.contacts.getScored(accountId, idOrUsername);
  if (!row) throw new ApiError('NOT_FOUND', 'Contact not found');
  const { messages } = await deps.contacts.messagesOf(accountId, row.contact.id, RECENT_MESSAGES);
  return { row, messages };
}

/** The ports these routes use (built once in app.ts). */
export type ContactScoreRouteDeps = RouteDeps<'contacts' | 'now' | 'scores', 'scoreWeights'>;

export function registerContactScoreRoutes(app: OpenAPIHono<AppEnv>, deps: ContactScoreRouteDeps) {
  app.openapi(routes.preview, async (c) => {
    const { row, messages } = await scoringInput(deps, c.get('accountId'), c.req.valid('param').id);
    const score = scoreContact({ contact: row.contact, messages, nowMs: deps.now() }, deps.config.scoreWeights);
    return c.json({ score: toScoreResource(score) }, 200);
  });

  app.openapi(routes.recalculate, async (c) => {
    const { row, messages } = await scoringInput(deps, c.get('accountId'), c.req.valid('param').id);
    const nowMs = deps.now();
    const score = scoreContact({ contact: row.contact, messages, nowMs }, deps.config.scoreWeights);
    const { written, scoreChanged } = await recordScores(
      deps,
      c.get('accountId'),
      [{ ...row, messages }],
      'manual',
      nowMs,
    );
    const contact =
      (written ? await deps.contacts.getContact(c.get('accountId'), row.contact.id) : null) ?? row.contact;
    return c.json(
      { contact: toContactResource(contact), score: toScoreResource(score), changed: scoreChanged > 0 },
      200,
    );
  });
}
