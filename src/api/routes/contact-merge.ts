import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { mergeByHand } from '../../app/contacts/contact-merge';
import type { AppEnv, RouteDeps } from '../env';
import { AccountQuery } from '../account-scope';
import { toContactResource } from '../resources';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';
import { ContactIdParam, ContactResource } from '../schemas/contact';

/**
 * Joining two contacts by hand: the same merge the sync makes on evidence (messages merged by the
 * thread rules, fields the survivor lacks taken over, counters and score recomputed, waiting DMs
 * moved without duplicates, the old id resolving to the survivor, a `contact.merged` event). Two
 * different handles are two accounts: refused unless the caller says it is a handle change, and even
 * then the absorbed handle's waiting DMs are cancelled, never re-addressed (src/domain/merge-rules.ts).
 */

const MergeInput = z
  .object({
    into: z.string().min(1).max(64).openapi({ description: 'The contact that stays (uuid or username)' }),
    handleChanged: z.boolean().optional().openapi({
      description:
        "Both contacts have a handle and they differ: true says it is one person who changed handle. The absorbed handle's waiting DMs are then cancelled, and both threads kept whole",
    }),
  })
  .strict();
const MergeAnswer = z.object({
  contact: ContactResource,
  merge: z.object({
    survivorId: z.string(),
    absorbedId: z.string(),
    messages: z.number().int(),
    outreachMoved: z.number().int(),
    outreachCancelled: z.number().int(),
    handleChanged: z.boolean().openapi({ description: 'Two different handles were joined (their threads kept whole)' }),
  }),
});

const route = createRoute({
  method: 'post',
  path: '/api/contacts/{id}/merge',
  security: apiKeySecurity,
  summary:
    'Join this contact into another one (the one given as `into` stays); its id then resolves to that contact. 409 for two different handles unless `handleChanged`, and while a DM to either is being sent',
  request: {
    params: ContactIdParam,
    query: AccountQuery,
    body: { required: true, content: { 'application/json': { schema: MergeInput } } },
  },
  responses: { 200: jsonResponse(MergeAnswer, 'Merged'), ...errorResponses(400, 401, 404, 409, 503) },
});

/** The ports these routes use (built once in app.ts). */
export type ContactMergeRouteDeps = RouteDeps<'contacts' | 'identity' | 'now' | 'scores', 'scoreWeights'>;

export function registerContactMergeRoutes(app: OpenAPIHono<AppEnv>, deps: ContactMergeRouteDeps) {
  app.openapi(route, async (c) => {
    const { contact, result } = await mergeByHand(
      deps,
      c.get('accountId'),
      c.req.valid('param').id,
      c.req.valid('json').into,
      {
        key: c.get('principal').name,
        handleChanged: c.req.valid('json').handleChanged ?? false,
      },
    );
    const { merged: _, ...merge } = result;
    return c.json({ contact: toContactResource(contact), merge }, 200);
  });
}

/** GET /api/contacts?duplicates=suspected: the pairs, and the contacts they name (one request for all). */
export async function suspectedDuplicates(deps: ContactMergeRouteDeps, accountId: string, limit: number) {
  const duplicates = await deps.identity.suspects(accountId, limit);
  const ids = [...new Set(duplicates.flatMap((d) => [d.contactId, d.otherId]))];
  const contacts = (await deps.scores.byIds(accountId, ids)).map((r) => r.contact);
  return { contacts: contacts.map(toContactResource), count: contacts.length, nextCursor: null, duplicates };
}
