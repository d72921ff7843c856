import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiKeyRecord } from '../../adapters/db/api-key-repository';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { ApiKeyCreate, ApiKeyIdParam, ApiKeyResource, WhoAmI } from '../schemas/api-key';
import { apiKeySecurity, errorResponses, jsonRequest, jsonResponse } from '../schemas/common';

/**
 * A team's keys (admin only, see domain/api-scopes.ts): issue one (the key is in this answer only;
 * only its hash is kept), list them without secrets, revoke one. `GET /api/keys/me` tells any key
 * who it is, so the dashboard can hide what it may not do.
 */

const sec = { security: apiKeySecurity };
const routes = {
  me: createRoute({
    method: 'get',
    path: '/api/keys/me',
    summary: 'The key this request is made with: its name and scope',
    ...sec,
    responses: { 200: jsonResponse(z.object({ key: WhoAmI }), 'This key'), ...errorResponses(401) },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/keys',
    summary: 'Issue a key (shown in this answer only)',
    ...sec,
    request: { body: jsonRequest(ApiKeyCreate) },
    responses: {
      201: jsonResponse(z.object({ key: ApiKeyResource, secret: z.string() }), 'Issued'),
      ...errorResponses(400, 401, 403, 409, 413, 503),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/api/keys',
    summary: 'Every key, revoked ones too (no secrets)',
    ...sec,
    responses: {
      200: jsonResponse(z.object({ keys: z.array(ApiKeyResource), count: z.number().int() }), 'Keys'),
      ...errorResponses(401, 403, 503),
    },
  }),
  revoke: createRoute({
    method: 'delete',
    path: '/api/keys/{id}',
    summary: 'Revoke a key: it stops working at once',
    ...sec,
    request: { params: ApiKeyIdParam },
    responses: {
      200: jsonResponse(z.object({ key: ApiKeyResource }), 'Revoked'),
      ...errorResponses(400, 401, 403, 404, 503),
    },
  }),
};

const toResource = (k: ApiKeyRecord): z.infer<typeof ApiKeyResource> => ({
  id: k.id,
  name: k.name,
  scope: k.scope,
  prefix: k.prefix,
  created_by: k.createdBy,
  created_at: k.createdAt,
  expires_at: k.expiresAt,
  revoked_at: k.revokedAt,
  revoked_by: k.revokedBy,
});

/** The ports these routes use (built once in app.ts). */
export type ApiKeyRouteDeps = RouteDeps<'keys' | 'now', never>;

export function registerApiKeyRoutes(app: OpenAPIHono<AppEnv>, deps: ApiKeyRouteDeps) {
  app.openapi(routes.me, (c) => {
    const p = c.get('principal');
    return c.json({ key: { id: p.keyId, name: p.name, scope: p.scope } }, 200);
  });

  app.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const expiresAt = body.expires_at ?? null;
    if (expiresAt !== null && Date.parse(expiresAt) <= deps.now())
      throw new ApiError('VALIDATION_FAILED', 'Invalid request body', [
        { path: 'expires_at', message: 'must be in the future' },
      ]);
    if (body.name === 'CRM_API_KEY') throw new ApiError('CONFLICT', 'CRM_API_KEY names the bootstrap key from config');
    const issued = await deps.keys.issue({ name: body.name, scope: body.scope, expiresAt }, c.get('principal'));
    if (!issued)
      throw new ApiError(
        'CONFLICT',
        `A key named "${body.name}" exists already: revoke it first, or choose another name`,
      );
    return c.json({ key: toResource(issued.record), secret: issued.key }, 201);
  });

  app.openapi(routes.list, async (c) => {
    const keys = await deps.keys.list();
    return c.json({ keys: keys.map(toResource), count: keys.length }, 200);
  });

  app.openapi(routes.revoke, async (c) => {
    const revoked = await deps.keys.revoke(c.req.valid('param').id, c.get('principal'));
    if (!revoked) throw new ApiError('NOT_FOUND', 'No such key');
    return c.json({ key: toResource(revoked) }, 200);
  });
}
