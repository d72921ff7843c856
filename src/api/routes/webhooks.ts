import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Endpoint } from '../../adapters/db/webhook-repository';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { apiKeySecurity, errorResponses, jsonRequest, jsonResponse } from '../schemas/common';
import { WebhookCreate, WebhookIdParam, WebhookPatch, WebhookResource, WebhookWithSecret } from '../schemas/webhook';

/**
 * Registering webhook endpoints, as the design's `curl` does (`{url, events, secret?}` → `{webhook}`).
 * A secret is shown when created and when rotated, never by a GET. URLs are checked against what
 * their host resolves to (no link-local or metadata address; private ones unless turned off).
 */

const One = z.object({ webhook: WebhookResource });
const sec = { security: apiKeySecurity };

const routes = {
  create: createRoute({
    method: 'post',
    path: '/api/webhooks',
    summary: 'Register an endpoint (the secret is shown in this answer only)',
    ...sec,
    request: { body: jsonRequest(WebhookCreate) },
    responses: {
      201: jsonResponse(z.object({ webhook: WebhookWithSecret }), 'Registered'),
      ...errorResponses(400, 401, 413, 503),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/api/webhooks',
    summary: 'Every endpoint (no secrets)',
    ...sec,
    responses: {
      200: jsonResponse(z.object({ webhooks: z.array(WebhookResource), count: z.number().int() }), 'Endpoints'),
      ...errorResponses(401, 503),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/webhooks/{id}',
    summary: 'One endpoint (no secret)',
    ...sec,
    request: { params: WebhookIdParam },
    responses: { 200: jsonResponse(One, 'The endpoint'), ...errorResponses(401, 404, 503) },
  }),
  put: createRoute({
    method: 'put',
    path: '/api/webhooks/{id}',
    summary: 'Change only the given fields',
    ...sec,
    request: { params: WebhookIdParam, body: jsonRequest(WebhookPatch) },
    responses: { 200: jsonResponse(One, 'Changed'), ...errorResponses(400, 401, 404, 413, 503) },
  }),
  patch: createRoute({
    method: 'patch',
    path: '/api/webhooks/{id}',
    summary: 'Change only the given fields',
    ...sec,
    request: { params: WebhookIdParam, body: jsonRequest(WebhookPatch) },
    responses: { 200: jsonResponse(One, 'Changed'), ...errorResponses(400, 401, 404, 413, 503) },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/api/webhooks/{id}',
    summary: 'Remove an endpoint',
    ...sec,
    request: { params: WebhookIdParam },
    responses: { 200: jsonResponse(z.object({ deleted: z.boolean() }), 'Removed'), ...errorResponses(401, 404, 503) },
  }),
  rotate: createRoute({
    method: 'post',
    path: '/api/webhooks/{id}/rotate-secret',
    summary: 'A new secret (shown once); the old one signs too for WEBHOOK_SECRET_GRACE_MS',
    ...sec,
    request: { params: WebhookIdParam },
    responses: {
      200: jsonResponse(z.object({ webhook: WebhookResource, secret: z.string() }), 'Rotated'),
      ...errorResponses(401, 404, 503),
    },
  }),
};

const toResource = (e: Endpoint): z.infer<typeof WebhookResource> => ({
  id: e.id,
  url: e.url,
  events: e.events,
  description: e.description,
  enabled: e.enabled,
  disabled_reason: e.disabledReason,
  disabled_at: e.disabledAt,
  previous_secret_expires_at: e.previousSecretExpiresAt,
  failing_since: e.failingSince,
  created_at: e.createdAt,
  updated_at: e.updatedAt,
});

async function checkedUrl(deps: WebhookRouteDeps, c: Context<AppEnv>, url: string): Promise<string> {
  const { webhookUrls } = deps;
  const verdict = await webhookUrls.check(url);
  if (!verdict.ok)
    throw new ApiError('VALIDATION_FAILED', 'This URL cannot receive webhooks', [
      { path: 'url', message: verdict.reason },
    ]);
  return verdict.url.toString();
}

const found = <T>(value: T | null): T => {
  if (value === null) throw new ApiError('NOT_FOUND', 'Webhook not found');
  return value;
};

/** The ports these routes use (built once in app.ts). */
export type WebhookRouteDeps = RouteDeps<'now' | 'webhookUrls' | 'webhooks', never>;

export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>, deps: WebhookRouteDeps) {
  app.openapi(routes.create, async (c) => {
    const { webhooks, webhookUrls } = deps;
    const input = c.req.valid('json');
    const secret = input.secret ?? webhookUrls.newSecret();
    const created = await webhooks.create({
      url: await checkedUrl(deps, c, input.url),
      events: input.events,
      description: input.description,
      secret,
    });
    return c.json({ webhook: { ...toResource(created), secret } }, 201);
  });
  app.openapi(routes.list, async (c) => {
    const all = await deps.webhooks.list();
    return c.json({ webhooks: all.map(toResource), count: all.length }, 200);
  });
  app.openapi(routes.get, async (c) =>
    c.json({ webhook: toResource(found(await deps.webhooks.get(c.req.valid('param').id))) }, 200),
  );
  for (const route of [routes.put, routes.patch]) {
    app.openapi(route, async (c) => {
      const patch = c.req.valid('json');
      const url = patch.url === undefined ? undefined : await checkedUrl(deps, c, patch.url);
      const changed = await deps.webhooks.update(c.req.valid('param').id, { ...patch, url });
      return c.json({ webhook: toResource(found(changed)) }, 200);
    });
  }
  app.openapi(routes.remove, async (c) => {
    found((await deps.webhooks.remove(c.req.valid('param').id)) || null);
    return c.json({ deleted: true }, 200);
  });
  app.openapi(routes.rotate, async (c) => {
    const { webhooks, webhookUrls, now } = deps;
    const secret = webhookUrls.newSecret();
    const graceUntil = new Date(now() + webhookUrls.secretGraceMs).toISOString();
    const rotated = found(await webhooks.rotateSecret(c.req.valid('param').id, secret, graceUntil));
    return c.json({ webhook: toResource(rotated), secret }, 200);
  });
}
