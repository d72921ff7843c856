import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { temporalUiUrl, WORKFLOW_ID_PATTERN } from '../../temporal/workflow-ids';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { apiKeySecurity, errorResponses, WorkflowIdParam, WorkflowStatus } from '../schemas/common';

const route = createRoute({
  method: 'get',
  path: '/api/workflows/{workflowId}',
  summary: 'Progress or result of any CRM workflow (import, sync, rescore)',
  security: apiKeySecurity,
  request: { params: WorkflowIdParam },
  responses: {
    200: { description: 'Workflow state', content: { 'application/json': { schema: WorkflowStatus } } },
    ...errorResponses(400, 401, 404, 503),
  },
});

/** Only ids this CRM builds are looked up: the route is not a window onto the whole namespace. */
export function registerWorkflowRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { workflows, config } = c.get('deps');
    const { workflowId } = c.req.valid('param');
    const ours = WORKFLOW_ID_PATTERN.test(workflowId) && /^(import-contacts|sync-conversations|sync-contacts|rescore-contacts):/.test(workflowId);
    const state = ours ? await workflows.describe(workflowId) : null;
    if (!state) throw new ApiError('NOT_FOUND', 'No workflow with that id');
    return c.json({ workflowId, ...state, temporalUiUrl: temporalUiUrl(config.temporalUiUrl, config.temporalNamespace, workflowId) }, 200);
  });
}

export const workflowStatusUrl = (workflowId: string) => `/api/workflows/${encodeURIComponent(workflowId)}`;
