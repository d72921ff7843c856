import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { keepPromise, listPromises, makePromise, type PromiseAnswer } from '../../app/contacts/promises';
import type { ContactPromise } from '../../domain/promises';
import { AccountQuery } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { toContactResource } from '../resources';
import { apiKeySecurity, errorResponses, jsonRequest, jsonResponse } from '../schemas/common';
import { ContactIdParam } from '../schemas/contact';
import { PromiseInput, PromiseList, PromiseParams, PromiseWritten } from '../schemas/promise';

/**
 * Promises to a contact: made, kept, listed. Making or keeping one moves the contact's counter and
 * score in one write (app/contacts/promises.ts). Keeping a promise already kept is answered 200 with
 * `changed: false` and writes nothing, so a client may retry it.
 */

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/contacts/{id}/promises',
    summary: "A contact's promises, newest first, with its made and kept counts",
    security: apiKeySecurity,
    request: { params: ContactIdParam, query: AccountQuery },
    responses: { 200: jsonResponse(PromiseList, 'Promises'), ...errorResponses(400, 401, 404, 503) },
  }),
  make: createRoute({
    method: 'post',
    path: '/api/contacts/{id}/promises',
    summary: 'Record a promise made to the contact (promises_made + 1, rescored: contact.score_changed if it moves)',
    security: apiKeySecurity,
    request: { params: ContactIdParam, query: AccountQuery, body: jsonRequest(PromiseInput) },
    responses: { 201: jsonResponse(PromiseWritten, 'Made'), ...errorResponses(400, 401, 404, 409, 413, 503) },
  }),
  keep: createRoute({
    method: 'post',
    path: '/api/contacts/{id}/promises/{pid}/kept',
    summary: 'Mark a promise kept (promises_kept + 1, rescored); a promise already kept is answered as it is',
    security: apiKeySecurity,
    request: { params: PromiseParams, query: AccountQuery },
    responses: {
      200: jsonResponse(PromiseWritten, 'Kept now, or kept before (changed: false)'),
      ...errorResponses(400, 401, 404, 409, 503),
    },
  }),
};

const toPromiseResource = (p: ContactPromise) => ({
  id: p.id,
  contact_id: p.contactId,
  text: p.text,
  due: p.due,
  made_at: p.madeAt,
  kept_at: p.keptAt,
});
const written = (a: PromiseAnswer) => ({
  promise: toPromiseResource(a.promise),
  contact: toContactResource(a.contact),
  changed: a.changed,
  score_changed: a.scoreChanged,
});

/** The ports these routes use (built once in app.ts). */
export type PromiseRouteDeps = RouteDeps<'contacts' | 'promises' | 'now', 'scoreWeights'>;

export function registerPromiseRoutes(app: OpenAPIHono<AppEnv>, deps: PromiseRouteDeps) {
  app.openapi(routes.list, async (c) => {
    const { contact, promises } = await listPromises(deps, c.get('accountId'), c.req.valid('param').id);
    return c.json(
      { promises: promises.map(toPromiseResource), made: contact.promisesMade, kept: contact.promisesKept },
      200,
    );
  });

  app.openapi(routes.make, async (c) => {
    const { text, due } = c.req.valid('json');
    const made = await makePromise(deps, c.get('accountId'), c.req.valid('param').id, { text, due: due ?? null });
    return c.json(written(made), 201);
  });

  app.openapi(routes.keep, async (c) => {
    const { id, pid } = c.req.valid('param');
    return c.json(written(await keepPromise(deps, c.get('accountId'), id, pid)), 200);
  });
}
