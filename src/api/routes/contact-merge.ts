import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { mergeContacts } from '../../adapters/db/contact-merger';
import type { AppEnv } from '../env';
import { AccountQuery } from '../account-scope';
import { ApiError } from '../errors';
import { toContactResource } from '../resources';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';
import { ContactIdParam, ContactResource } from '../schemas/contact';

/**
 * Joining two contacts by hand: the same merge the sync makes on evidence (messages merged by the
 * thread rules, fields the survivor lacks taken over, counters and score recomputed, pending DMs
 * moved without duplicates, the old id resolving to the survivor, a `contact.merged` event).
 */

const MergeInput = z.object({ into: z.string().min(1).max(64).openapi({ description: 'The contact that stays (uuid or username)' }) }).strict();
const MergeAnswer = z.object({
  contact: ContactResource,
  merge: z.object({ survivorId: z.string(), absorbedId: z.string(), messages: z.number().int(), outreachMoved: z.number().int(), outreachCancelled: z.number().int() }),
});

const route = createRoute({
  method: 'post', path: '/api/contacts/{id}/merge', security: apiKeySecurity,
  summary: 'Join this contact into another one (the one given as `into` stays); its id then resolves to that contact',
  request: { params: ContactIdParam, query: AccountQuery, body: { required: true, content: { 'application/json': { schema: MergeInput } } } },
  responses: { 200: jsonResponse(MergeAnswer, 'Merged'), ...errorResponses(400, 401, 404, 409, 503) },
});

export function registerContactMergeRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const deps = c.get('deps');
    const accountId = c.get('accountId');
    const absorbed = await deps.contacts.getContact(accountId, c.req.valid('param').id);
    if (!absorbed) throw new ApiError('NOT_FOUND', 'Contact not found');
    const survivor = await deps.contacts.getContact(accountId, c.req.valid('json').into);
    if (!survivor) throw new ApiError('NOT_FOUND', 'The contact to merge into was not found', [{ path: 'into', message: 'no such contact' }]);
    if (survivor.id === absorbed.id) throw new ApiError('CONFLICT', 'These are already one contact');
    const ports = { identity: deps.identity, scores: deps.scores, scoreWeights: deps.config.scoreWeights, now: deps.now };
    const result = await mergeContacts(ports, accountId, { survivorId: survivor.id, absorbedId: absorbed.id, evidence: 'user', detail: {}, by: 'user' });
    if (!result.merged && result.reason === 'not_found') throw new ApiError('NOT_FOUND', 'Contact not found');
    if (!result.merged) throw new ApiError('CONFLICT', 'The contacts changed while merging (a sync was writing their messages); try again');
    const contact = await deps.contacts.getContact(accountId, survivor.id);
    if (!contact) throw new ApiError('CONFLICT', 'The contact changed while merging; try again');
    const { merged: _, ...merge } = result;
    return c.json({ contact: toContactResource(contact), merge }, 200);
  });
}

/** GET /api/contacts?duplicates=suspected: the pairs, and the contacts they name (one request for all). */
export async function suspectedDuplicates(deps: AppEnv['Variables']['deps'], accountId: string, limit: number) {
  const duplicates = await deps.identity.suspects(accountId, limit);
  const ids = [...new Set(duplicates.flatMap((d) => [d.contactId, d.otherId]))];
  const contacts = (await deps.scores.byIds(accountId, ids)).map((r) => r.contact);
  return { contacts: contacts.map(toContactResource), count: contacts.length, nextCursor: null, duplicates };
}
