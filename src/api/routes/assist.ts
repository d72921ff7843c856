import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { analyzeConversation } from '../../domain/coaching';
import { suggestReplies } from '../../domain/copilot';
import type { Contact, Message } from '../../domain/types';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { CoachingRequest, CoachingResult, CopilotRequest, CopilotResult } from '../schemas/assist';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';
import { RECENT_MESSAGES } from './score-support';

/**
 * Coaching on the creator's side of a conversation, and reply suggestions for a contact: the
 * domain engines behind a contact lookup. Rules only, no model; same input, same answer.
 */

const routes = {
  coaching: createRoute({
    method: 'post',
    path: '/api/coaching/analyze',
    summary: "Coach the creator's messages of a contact's conversation, or of messages given",
    security: apiKeySecurity,
    request: { body: { required: true, content: { 'application/json': { schema: CoachingRequest } } } },
    responses: { 200: jsonResponse(CoachingResult, 'Coaching'), ...errorResponses(400, 401, 404, 413, 503) },
  }),
  copilot: createRoute({
    method: 'post',
    path: '/api/copilot/suggest',
    summary: 'Reply suggestions for a contact, ranked by lane, stage and conversation',
    security: apiKeySecurity,
    request: { body: { required: true, content: { 'application/json': { schema: CopilotRequest } } } },
    responses: { 200: jsonResponse(CopilotResult, 'Suggestions'), ...errorResponses(400, 401, 404, 409, 413, 503) },
  }),
};

async function findContact(deps: AssistRouteDeps, accountId: string, idOrUsername: string): Promise<Contact> {
  const contact = await deps.contacts.getContact(accountId, idOrUsername);
  if (!contact) throw new ApiError('NOT_FOUND', 'Contact not found');
  return contact;
}

async function recentMessages(deps: AssistRouteDeps, contact: Contact): Promise<Message[]> {
  return (await deps.contacts.messagesOf(contact.accountId, contact.id, RECENT_MESSAGES)).messages;
}

const given = (m: { text: string; is_outbound: boolean }, position: number): Message => ({
  position,
  text: m.text,
  isOutbound: m.is_outbound,
  messageType: 'text',
  sentByAutomation: false,
  sentAt: null,
});

/** The ports these routes use (built once in app.ts). */
export type AssistRouteDeps = RouteDeps<'contacts' | 'now', never>;

export function registerAssistRoutes(app: OpenAPIHono<AppEnv>, deps: AssistRouteDeps) {
  app.openapi(routes.coaching, async (c) => {
    const body = c.req.valid('json');
    const messages = body.messages
      ? body.messages.map(given)
      : await recentMessages(deps, await findContact(deps, c.get('accountId'), body.contact_id!));
    return c.json({ ...analyzeConversation({ messages }), messagesAnalyzed: messages.length }, 200);
  });

  app.openapi(routes.copilot, async (c) => {
    const body = c.req.valid('json');
    const contact = await findContact(deps, c.get('accountId'), body.contact_id);
    // Suggesting messages to someone who asked not to be messaged would only invite a send.
    if (contact.optedOut) throw new ApiError('CONFLICT', 'contact opted out');
    const messages = await recentMessages(deps, contact);
    // `context` is the creator's own words: fed to the engine as a message it would fake "their
    // turn", their mood, and fit offers drawn from the creator's text. It is returned, not ranked on.
    const result = suggestReplies({ contact, messages, nowMs: deps.now() });
    return c.json({ ...result, goal: body.context || null }, 200);
  });
}
