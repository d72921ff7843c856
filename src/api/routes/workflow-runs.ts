import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { temporalUiUrl } from '../../temporal/workflow-ids';
import { WORKFLOW_CONTRACTS } from '../../contracts/catalogue';
import { AccountId } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';
import { WORKFLOW_STATUS_PATH } from './workflows';

/**
 * Recent runs of this CRM's workflows (syncs, DMs, video outreach, …) from Temporal's visibility
 * store, each with its status and its link in the Temporal Web UI: what the dashboard's Runs page shows.
 */

/** The workflow types a run may be listed by (CrmWorkflowKind). */
export const RUN_KINDS = [...new Set(WORKFLOW_CONTRACTS.map((c) => c.workflowType))].sort();

const WorkflowRunResource = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    kind: z.string().openapi({ example: 'syncConversations' }),
    accountId: z.string().nullable(),
    status: z.string().openapi({ example: 'COMPLETED' }),
    startedAt: z.string(),
    closedAt: z.string().nullable(),
    temporalUiUrl: z.string().openapi({ description: 'This run in the Temporal Web UI' }),
    statusUrl: z.string().openapi({ description: 'Its progress or result through this API' }),
  })
  .openapi('WorkflowRun');

export const WorkflowRunsQuery = z
  .object({
    kind: z
      .string()
      .regex(/^[A-Za-z]+(,[A-Za-z]+)*$/)
      .refine((s) => s.split(',').every((k) => RUN_KINDS.includes(k)), {
        message: `each kind must be one of ${RUN_KINDS.join(', ')}`,
      })
      .optional()
      .openapi({
        description: 'Comma-separated workflow types (default: every one)',
        example: 'syncConversations,sendDmWithContent',
      }),
    accountId: AccountId.optional().openapi({ description: "Only this account's runs (default: every account's)" }),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

const route = createRoute({
  method: 'get',
  path: '/api/workflows',
  summary: "Recent runs of the CRM's workflows, newest first, with status and Temporal Web UI link",
  security: apiKeySecurity,
  request: { query: WorkflowRunsQuery },
  responses: {
    200: jsonResponse(
      z.object({ runs: z.array(WorkflowRunResource), count: z.number().int() }).openapi('WorkflowRuns'),
      'Runs',
    ),
    ...errorResponses(400, 401, 503),
  },
});

/** The ports these routes use (built once in app.ts). */
export type WorkflowRunRouteDeps = RouteDeps<'workflowRuns', 'temporalNamespace' | 'temporalUiUrl'>;

export function registerWorkflowRunRoutes(app: OpenAPIHono<AppEnv>, deps: WorkflowRunRouteDeps) {
  app.openapi(route, async (c) => {
    const { config, workflowRuns } = deps;
    const q = c.req.valid('query');
    const runs = await workflowRuns.list({
      kinds: q.kind?.split(',') ?? RUN_KINDS,
      accountId: q.accountId,
      limit: q.limit,
    });
    const body = runs.map((r) => ({
      ...r,
      temporalUiUrl: temporalUiUrl(config.temporalUiUrl, config.temporalNamespace, r.workflowId, r.runId),
      statusUrl: `${WORKFLOW_STATUS_PATH}/${encodeURIComponent(r.workflowId)}`,
    }));
    return c.json({ runs: body, count: body.length }, 200);
  });
}
