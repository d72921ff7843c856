import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { rescoreInputFromConfig } from '../../temporal/workflow-inputs';
import { normalizeUsername } from '../../domain/contact-fields';
import type { AppEnv, RouteDeps } from '../env';
import { apiKeySecurity, errorResponses, WorkflowStarted } from '../schemas/common';
import { ScoreBatchBody, ScoreBatchResult } from '../schemas/score';
import { recordScores, RECENT_MESSAGES } from './score-support';
import { startedBody } from '../workflow-responses';
import { WORKFLOW_STATUS_PATH } from './workflows';
import { rescoreContactsContract } from '../../contracts/catalogue';

const batchRoute = createRoute({
  method: 'post',
  path: '/api/scoring/batch',
  summary: 'Recalculate and store the scores of up to 500 contacts by username',
  security: apiKeySecurity,
  request: { body: { required: true, content: { 'application/json': { schema: ScoreBatchBody } } } },
  responses: {
    200: { description: 'Rescored', content: { 'application/json': { schema: ScoreBatchResult } } },
    ...errorResponses(400, 401, 413, 503),
  },
});

const rescoreAllRoute = createRoute({
  method: 'post',
  path: '/api/scoring/rescore',
  summary: 'Rescore every contact of the account (a workflow; only moved scores are written)',
  security: apiKeySecurity,
  responses: {
    202: {
      description: 'Rescore started, or the running one joined',
      content: { 'application/json': { schema: WorkflowStarted } },
    },
    ...errorResponses(401, 503),
  },
});

/** Each missing name once, spelled as the caller gave it first. */
function notFound(given: readonly string[], found: readonly string[]): string[] {
  const seen = new Set(found);
  const missing: string[] = [];
  for (const u of given) {
    const name = normalizeUsername(u);
    if (seen.has(name)) continue;
    seen.add(name);
    missing.push(u);
  }
  return missing;
}

/**
 * Three requests whatever the number of names (the original scored one contact after another, two
 * lookups each): the contacts, their newest messages, and one write of the scores that moved.
 */
/** The ports these routes use (built once in app.ts). */
export type ScoringRouteDeps = RouteDeps<
  'now' | 'scores' | 'workflows',
  'accountId' | 'scoreWeights' | 'senderTiming' | 'sync' | 'timing'
>;

export function registerScoringRoutes(app: OpenAPIHono<AppEnv>, deps: ScoringRouteDeps) {
  app.openapi(batchRoute, async (c) => {
    const accountId = c.get('accountId');
    const given = c.req.valid('json').usernames;
    const names = [...new Set(given.map(normalizeUsername))];
    const rows = await deps.scores.byUsernames(accountId, names);
    const messages = await deps.scores.recentMessages(
      rows.map((r) => r.contact.id),
      RECENT_MESSAGES,
    );
    const entries = rows.map((row) => ({ ...row, messages: messages.get(row.contact.id) ?? [] }));
    const { scoreChanged } = await recordScores(deps, accountId, entries, 'batch', deps.now());
    return c.json(
      {
        updated: rows.length,
        changed: scoreChanged,
        failed: notFound(
          given,
          rows.flatMap((r) => (r.contact.username ? [r.contact.username] : [])),
        ),
      },
      200,
    );
  });

  app.openapi(rescoreAllRoute, async (c) => {
    const { config, workflows } = deps;
    const started = await workflows.start(
      rescoreContactsContract,
      rescoreInputFromConfig(config, 'manual', c.get('accountId')),
    );
    return c.json(startedBody(c, started, WORKFLOW_STATUS_PATH), 202);
  });
}
