import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  decodeCursor,
  defaultOrder,
  encodeCursor,
  type ContactCursor,
  type SortOrder,
} from '../../adapters/db/contact-query';
import type { AppEnv, RouteDeps } from '../env';
import { AccountQuery } from '../account-scope';
import { ApiError } from '../errors';
import { finishSave } from '../../app/contacts/contact-writes';
import { toContactFields, toContactResource, toFieldChanges, toMessageResource, toScoreResource } from '../resources';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';
import {
  ContactDetail,
  ContactIdParam,
  ContactInput,
  ContactList,
  ContactListQuery,
  ContactPatch,
  ContactResource,
  MAX_CONTACT_PAGE,
} from '../schemas/contact';
import { registerContactImportRoutes, type ContactImportRouteDeps } from './contact-import';
import { registerContactMergeRoutes, suspectedDuplicates, type ContactMergeRouteDeps } from './contact-merge';
import { registerContactScoreRoutes, type ContactScoreRouteDeps } from './contact-score';
import { RECENT_MESSAGES, shownScore } from './score-support';

const ContactBody = z.object({ contact: ContactResource });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/contacts',
    summary: 'Contacts, filtered and sorted, one page at a time',
    security: apiKeySecurity,
    request: { query: ContactListQuery },
    responses: { 200: jsonResponse(ContactList, 'One page'), ...errorResponses(400, 401, 503) },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/contacts/{id}',
    summary: 'One contact with its newest messages and its score',
    security: apiKeySecurity,
    request: { params: ContactIdParam, query: AccountQuery },
    responses: { 200: jsonResponse(ContactDetail, 'The contact'), ...errorResponses(400, 401, 404, 503) },
  }),
  save: createRoute({
    method: 'post',
    path: '/api/contacts',
    summary: 'Create a contact, or update only the given fields of a known one (score and stage are never reset)',
    security: apiKeySecurity,
    request: {
      query: AccountQuery,
      body: { required: true, content: { 'application/json': { schema: ContactInput } } },
    },
    responses: {
      201: jsonResponse(ContactBody, 'Created'),
      200: jsonResponse(ContactBody, 'Updated (or unchanged)'),
      ...errorResponses(400, 401, 413, 503),
    },
  }),
  patch: createRoute({
    method: 'patch',
    path: '/api/contacts/{id}',
    summary:
      'Update only the given fields of a contact (by id or username); opted_out opts them out (every waiting DM cancelled) or back in, recorded with its event',
    security: apiKeySecurity,
    request: {
      params: ContactIdParam,
      query: AccountQuery,
      body: { required: true, content: { 'application/json': { schema: ContactPatch } } },
    },
    responses: { 200: jsonResponse(ContactBody, 'Updated (or unchanged)'), ...errorResponses(400, 401, 404, 413, 503) },
  }),
};

/** A cursor is only valid for the sort and order that produced it: anything else is the client's mistake. */
function cursorFor(raw: string | undefined, sort: ContactCursor['sort'], order: SortOrder): ContactCursor | null {
  if (raw === undefined) return null;
  const cursor = decodeCursor(raw);
  if (cursor && cursor.sort === sort && cursor.order === order) return cursor;
  throw new ApiError('VALIDATION_FAILED', 'Invalid request query', [
    { path: 'cursor', message: 'not a nextCursor of this sort and order' },
  ]);
}

/** The ports these routes use (built once in app.ts). */
export type ContactRouteDeps = RouteDeps<'contacts' | 'now' | 'scores', 'scoreWeights'> &
  ContactScoreRouteDeps &
  ContactImportRouteDeps &
  ContactMergeRouteDeps;

export function registerContactRoutes(app: OpenAPIHono<AppEnv>, deps: ContactRouteDeps) {
  // Before the import routes, so GET /api/contacts/import/score is the score of a contact named "import".
  registerContactScoreRoutes(app, deps);
  registerContactImportRoutes(app, deps);
  registerContactMergeRoutes(app, deps);

  app.openapi(routes.list, async (c) => {
    const { contacts } = deps;
    const asked = c.req.valid('query');
    const q = { ...asked, limit: Math.min(asked.limit, MAX_CONTACT_PAGE) };
    // The original server's list had no bound: a larger limit gets the first page and says so (RFC 7234's 299).
    if (asked.limit > MAX_CONTACT_PAGE)
      c.header('Warning', `299 - "limit above ${MAX_CONTACT_PAGE} clamped to ${MAX_CONTACT_PAGE}; follow nextCursor"`);
    if (q.duplicates === 'suspected') return c.json(await suspectedDuplicates(deps, c.get('accountId'), q.limit), 200);
    const order = q.order ?? defaultOrder(q.sort);
    const page = await contacts.listContacts(c.get('accountId'), {
      stage: q.stage,
      minScore: q.min_score,
      maxScore: q.max_score,
      tag: q.tag,
      intent: q.intent,
      q: q.q,
      sort: q.sort,
      order,
      limit: q.limit,
      after: cursorFor(q.cursor, q.sort, order),
    });
    const nextCursor = page.next ? encodeCursor(page.next) : null;
    return c.json({ contacts: page.contacts.map(toContactResource), count: page.contacts.length, nextCursor }, 200);
  });

  app.openapi(routes.get, async (c) => {
    const accountId = c.get('accountId');
    const row = await deps.contacts.getScored(accountId, c.req.valid('param').id);
    if (!row) throw new ApiError('NOT_FOUND', 'Contact not found');
    const { messages, total } = await deps.contacts.messagesOf(accountId, row.contact.id, RECENT_MESSAGES);
    return c.json(
      {
        contact: toContactResource(row.contact),
        messages: messages.map(toMessageResource),
        messageCount: total,
        score: toScoreResource(shownScore(row, messages, deps)),
      },
      200,
    );
  });

  app.openapi(routes.save, async (c) => {
    const accountId = c.get('accountId');
    const input = c.req.valid('json');
    const written = await deps.contacts.upsertContacts(accountId, [toContactFields(input)]);
    const entry = written.contacts[0];
    const created = entry?.status === 'created';
    const contact = entry
      ? await finishSave(deps, accountId, entry.id, {
          created,
          optedOut: input.opted_out,
          requestId: c.get('requestId'),
          key: c.get('principal').name,
        })
      : null;
    // Gone between the two requests: deleted meanwhile, which only a concurrent delete can do.
    if (!contact) throw new ApiError('NOT_FOUND', 'Contact not found');
    if (created) return c.json({ contact: toContactResource(contact) }, 201);
    return c.json({ contact: toContactResource(contact) }, 200);
  });

  app.openapi(routes.patch, async (c) => {
    const accountId = c.get('accountId');
    const { opted_out: optedOut, ...fields } = c.req.valid('json');
    const found = await deps.contacts.getContact(accountId, c.req.valid('param').id);
    if (!found) throw new ApiError('NOT_FOUND', 'Contact not found');
    const status =
      Object.keys(fields).length > 0
        ? await deps.contacts.updateContact(accountId, found.id, toFieldChanges(fields))
        : 'unchanged';
    const contact =
      status === 'not_found'
        ? null
        : await finishSave(deps, accountId, found.id, {
            created: false,
            optedOut,
            requestId: c.get('requestId'),
            key: c.get('principal').name,
          });
    if (!contact) throw new ApiError('NOT_FOUND', 'Contact not found');
    return c.json({ contact: toContactResource(contact) }, 200);
  });
}
