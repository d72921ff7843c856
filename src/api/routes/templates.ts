import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MessageTemplate } from '../../domain/message-templates';
import { createTemplate, deleteTemplate, getTemplate, updateTemplate } from '../../app/templates/templates';
import { AccountQuery, requireAccount } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { apiKeySecurity, errorResponses, jsonRequest, jsonResponse } from '../schemas/common';
import { TemplateCreate, TemplateIdParam, TemplatePatch, TemplateResource } from '../schemas/templates';

/**
 * DM templates kept as data: a DM, a queue item or a follow-up names one by id (templateId /
 * template_id) and the ledger records the version that wrote it. DELETE is soft: the template is
 * no longer listed or usable, and its versions stay for the DMs that name them.
 */

const sec = { security: apiKeySecurity };
const One = z.object({ template: TemplateResource });

const routes = {
  create: createRoute({
    method: 'post',
    path: '/api/templates',
    summary: 'Store a DM template (name, lane?, text); its text is checked now',
    ...sec,
    request: { body: jsonRequest(TemplateCreate) },
    responses: { 201: jsonResponse(One, 'Stored'), ...errorResponses(400, 401, 403, 404, 413, 503) },
  }),
  list: createRoute({
    method: 'get',
    path: '/api/templates',
    summary: "The account's templates (deleted ones are not listed)",
    ...sec,
    request: { query: AccountQuery },
    responses: {
      200: jsonResponse(z.object({ templates: z.array(TemplateResource), count: z.number().int() }), 'Templates'),
      ...errorResponses(400, 401, 503),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/templates/{id}',
    summary: 'One template, at its current version',
    ...sec,
    request: { params: TemplateIdParam },
    responses: { 200: jsonResponse(One, 'The template'), ...errorResponses(400, 401, 404, 503) },
  }),
  patch: createRoute({
    method: 'patch',
    path: '/api/templates/{id}',
    summary: 'Change only the given fields; a new text is a new version (the old ones are kept)',
    ...sec,
    request: { params: TemplateIdParam, body: jsonRequest(TemplatePatch) },
    responses: { 200: jsonResponse(One, 'Changed'), ...errorResponses(400, 401, 403, 404, 413, 503) },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/api/templates/{id}',
    summary: 'Delete it (softly: DMs it wrote keep naming its versions)',
    ...sec,
    request: { params: TemplateIdParam },
    responses: {
      200: jsonResponse(z.object({ deleted: z.boolean() }), 'Deleted'),
      ...errorResponses(400, 401, 403, 404, 503),
    },
  }),
};

const toResource = (t: MessageTemplate): z.infer<typeof TemplateResource> => ({
  id: t.id,
  account_id: t.accountId,
  name: t.name,
  lane: t.lane,
  text: t.text,
  version: t.version,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
});

/** The ports these routes use (built once in app.ts). */
export type TemplateRouteDeps = RouteDeps<'templates'>;

export function registerTemplateRoutes(app: OpenAPIHono<AppEnv>, deps: TemplateRouteDeps) {
  app.openapi(routes.create, async (c) => {
    const { accountId, ...input } = c.req.valid('json');
    const account = await requireAccount(c, accountId ?? c.get('accountId'));
    const created = await createTemplate(deps, account.id, { ...input, lane: input.lane ?? null });
    return c.json({ template: toResource(created) }, 201);
  });
  app.openapi(routes.list, async (c) => {
    const all = await deps.templates.list(c.get('accountId'));
    return c.json({ templates: all.map(toResource), count: all.length }, 200);
  });
  app.openapi(routes.get, async (c) =>
    c.json({ template: toResource(await getTemplate(deps, c.req.valid('param').id)) }, 200),
  );
  app.openapi(routes.patch, async (c) => {
    const changed = await updateTemplate(deps, c.req.valid('param').id, c.req.valid('json'));
    return c.json({ template: toResource(changed) }, 200);
  });
  app.openapi(routes.remove, async (c) => {
    await deleteTemplate(deps, c.req.valid('param').id);
    return c.json({ deleted: true }, 200);
  });
}
