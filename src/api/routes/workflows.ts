import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { apiKeySecurity, errorResponses, WorkflowIdParam, WorkflowStatus } from '../schemas/common';
import { WORKFLOW_CONTRACTS } from '../../contracts/catalogue';
import { workflowStateBody } from '../workflow-responses';

const route = createRoute({
  method: 'get',
  path: '/api/workflows/{workflowId}',
  summary: 'Progress or result of any CRM workflow',
  security: apiKeySecurity,
  request: { params: WorkflowIdParam },
  responses: {
    200: { description: 'Workflow state', content: { 'application/json': { schema: WorkflowStatus } } },
    ...errorResponses(400, 401, 404, 503),
  },
});

/** Any of this CRM's workflows, whatever started it. */
export const WORKFLOW_STATUS_PATH = '/api/workflows';

export function registerWorkflowRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await workflowStateBody(c, c.req.valid('param').workflowId, WORKFLOW_CONTRACTS, 'workflow'), 200),
  );
}
