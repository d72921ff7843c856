import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AccountId } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { ContactIdParam } from '../schemas/contact';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';

/** The events about one contact (what webhook receivers were told), for the dashboard's contact page. */

const ContactEventResource = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    type: z.string().openapi({ example: 'outreach.queued' }),
    entity_type: z.string().openapi({ description: 'contact, or outreach_item for the outreach.* events of its DMs' }),
    entity_id: z.string(),
    entity_seq: z.number().int(),
    occurred_at: z.string(),
    data: z.unknown().openapi({ description: "The event's data, as in its webhook delivery" }),
  })
  .openapi('ContactEvent');

const route = createRoute({
  method: 'get',
  path: '/api/contacts/{id}/events',
  summary: 'The events about a contact and its DMs, newest first',
  security: apiKeySecurity,
  request: {
    params: ContactIdParam,
    query: z
      .object({ accountId: AccountId.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
      .strict(),
  },
  responses: {
    200: jsonResponse(z.object({ events: z.array(ContactEventResource), count: z.number().int() }), 'Events'),
    ...errorResponses(400, 401, 404, 503),
  },
});

/** The ports these routes use (built once in app.ts). */
export type ContactEventRouteDeps = RouteDeps<'contactEvents' | 'contacts', never>;

export function registerContactEventRoutes(app: OpenAPIHono<AppEnv>, deps: ContactEventRouteDeps) {
  app.openapi(route, async (c) => {
    const accountId = c.get('accountId');
    const { limit } = c.req.valid('query');
    const contact = await deps.contacts.getContact(accountId, c.req.valid('param').id);
    if (!contact) throw new ApiError('NOT_FOUND', 'Contact not found');
    const rows = await deps.contactEvents.ofContact(accountId, contact.id, limit);
    const events = rows.map(({ payload, ...e }) => ({ ...e, data: payload }));
    return c.json({ events, count: events.length }, 200);
  });
}
