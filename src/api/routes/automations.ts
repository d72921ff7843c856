import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AutomationWithStats } from '../../adapters/db/automation-repository';
import { createAutomation, deleteAutomation, getAutomation, updateAutomation } from '../../app/automations/automations';
import { AccountQuery, requireAccount } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { apiKeySecurity, errorResponses, jsonRequest, jsonResponse } from '../schemas/common';
import { AutomationCreate, AutomationIdParam, AutomationPatch, AutomationResource } from '../schemas/automation';

/**
 * Keyword replies ("DM me GUIDE and I'll send it"): an automation's keywords and reply. Inbound
 * messages stored by a sync or the reply watch are checked against the account's enabled
 * automations (src/app/automations/keyword-check.ts); these routes only keep the settings.
 */

const sec = { security: apiKeySecurity };
const One = z.object({ automation: AutomationResource });

const routes = {
  create: createRoute({
    method: 'post',
    path: '/api/automations',
    summary: 'Add a keyword reply: a message containing a keyword gets the reply, once per contact',
    ...sec,
    request: { body: jsonRequest(AutomationCreate) },
    responses: { 201: jsonResponse(One, 'Added'), ...errorResponses(400, 401, 403, 404, 409, 413, 503) },
  }),
  list: createRoute({
    method: 'get',
    path: '/api/automations',
    summary: "The account's keyword replies, each with what it did",
    ...sec,
    request: { query: AccountQuery },
    responses: {
      200: jsonResponse(z.object({ automations: z.array(AutomationResource), count: z.number().int() }), 'Automations'),
      ...errorResponses(400, 401, 503),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/automations/{id}',
    summary: 'One keyword reply',
    ...sec,
    request: { params: AutomationIdParam },
    responses: { 200: jsonResponse(One, 'The automation'), ...errorResponses(401, 404, 503) },
  }),
  patch: createRoute({
    method: 'patch',
    path: '/api/automations/{id}',
    summary: 'Change only the given fields (enabled: false stops it)',
    ...sec,
    request: { params: AutomationIdParam, body: jsonRequest(AutomationPatch) },
    responses: { 200: jsonResponse(One, 'Changed'), ...errorResponses(400, 401, 403, 404, 409, 413, 503) },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/api/automations/{id}',
    summary: 'Delete it; its replies still waiting are cancelled',
    ...sec,
    request: { params: AutomationIdParam },
    responses: {
      200: jsonResponse(z.object({ deleted: z.boolean(), cancelled: z.number().int() }), 'Deleted'),
      ...errorResponses(401, 403, 404, 503),
    },
  }),
};

const toResource = (a: AutomationWithStats): z.infer<typeof AutomationResource> => ({
  id: a.id,
  account_id: a.accountId,
  name: a.name,
  keywords: a.keywords,
  reply: a.reply,
  video_id: a.videoId,
  enabled: a.enabled,
  active_since: a.activeSince,
  created_at: a.createdAt,
  updated_at: a.updatedAt,
  stats: a.stats,
});

/** The ports these routes use (built once in app.ts). */
export type AutomationRouteDeps = RouteDeps<'automations' | 'videos' | 'now'>;

export function registerAutomationRoutes(app: OpenAPIHono<AppEnv>, deps: AutomationRouteDeps) {
  app.openapi(routes.create, async (c) => {
    const { accountId, ...input } = c.req.valid('json');
    const account = await requireAccount(c, accountId ?? c.get('accountId'));
    const created = await createAutomation(deps, account.id, input);
    return c.json({ automation: toResource(created) }, 201);
  });
  app.openapi(routes.list, async (c) => {
    const all = await deps.automations.list(c.get('accountId'));
    return c.json({ automations: all.map(toResource), count: all.length }, 200);
  });
  app.openapi(routes.get, async (c) =>
    c.json({ automation: toResource(await getAutomation(deps, c.req.valid('param').id)) }, 200),
  );
  app.openapi(routes.patch, async (c) => {
    const changed = await updateAutomation(deps, c.req.valid('param').id, c.req.valid('json'));
    return c.json({ automation: toResource(changed) }, 200);
  });
  app.openapi(routes.remove, async (c) => {
    const removed = await deleteAutomation(deps, c.req.valid('param').id, c.get('principal').name);
    return c.json({ deleted: true, cancelled: removed.cancelled }, 200);
  });
}
