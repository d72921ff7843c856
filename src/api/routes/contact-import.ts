import { createHash } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, RouteDeps } from '../env';
import { toContactFields } from '../resources';
import { apiKeySecurity, errorResponses, WorkflowIdParam, WorkflowStarted, WorkflowStatus } from '../schemas/common';
import { ImportContactsBody } from '../schemas/contact';
import { importContactsContract } from '../../contracts/catalogue';
import { startedBody, workflowStateBody } from '../workflow-responses';

const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .optional()
    .openapi({
      description: 'Repeat a request with the same key to get the same import instead of a new one',
    }),
});

const importRoute = createRoute({
  method: 'post',
  path: '/api/contacts/import',
  summary: 'Import contacts (creates new ones, updates only the given fields of known ones)',
  security: apiKeySecurity,
  request: {
    headers: IdempotencyHeader,
    body: { required: true, content: { 'application/json': { schema: ImportContactsBody } } },
  },
  responses: {
    202: {
      description: 'Import workflow started (or the identical one already running)',
      content: { 'application/json': { schema: WorkflowStarted } },
    },
    ...errorResponses(400, 401, 413, 503),
  },
});

const importStatusRoute = createRoute({
  method: 'get',
  path: '/api/contacts/import/{workflowId}',
  summary: 'Progress or result of an import',
  security: apiKeySecurity,
  request: { params: WorkflowIdParam },
  responses: {
    200: { description: 'Import state', content: { 'application/json': { schema: WorkflowStatus } } },
    ...errorResponses(400, 401, 404, 503),
  },
});

/** Same contacts, same key: a client that retries a timed-out POST does not start a second import. */
function requestKey(explicit: string | undefined, body: unknown): string {
  return explicit ?? createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32);
}

/** The ports these routes use (built once in app.ts). */
export type ContactImportRouteDeps = RouteDeps<'workflows', never>;

export function registerContactImportRoutes(app: OpenAPIHono<AppEnv>, deps: ContactImportRouteDeps) {
  app.openapi(importRoute, async (c) => {
    const { workflows } = deps;
    const body = c.req.valid('json');
    const key = requestKey(c.req.valid('header')['idempotency-key'], body);
    const input = {
      version: 1 as const,
      accountId: c.get('accountId'),
      contacts: body.contacts.map(toContactFields),
      requestId: c.get('requestId'),
    };
    const started = await workflows.start(importContactsContract, input, key);
    return c.json(startedBody(c, started, '/api/contacts/import'), 202);
  });

  app.openapi(importStatusRoute, async (c) => {
    return c.json(await workflowStateBody(c, c.req.valid('param').workflowId, [importContactsContract], 'import'), 200);
  });
}
