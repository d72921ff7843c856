import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { DmRequest } from '../../app/outreach/dm-compose';
import { acceptHandleDm, checkDirectDm } from '../../app/outreach/direct-dm';
import { INBOX_TABS, type InboxTab } from '../../domain/types';
import { sendDmWithContentContract } from '../../contracts/catalogue';
import type { SendDmInput } from '../../contracts/sender';
import { AccountQuery, requireAccount } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { apiKeySecurity, errorResponses, jsonResponse, WorkflowStarted, WorkflowStatus } from '../schemas/common';
import {
  ContactDmBody,
  ConversationRow,
  DmSendBody,
  DmSendResult,
  DmWorkflowParams,
  StoredConversations,
} from '../schemas/dm';
import { ContactIdParam } from '../schemas/contact';
import { startedBody, workflowStateBody } from '../workflow-responses';

/**
 * A DM a person asks for: checked by app/outreach/direct-dm.ts (contact, handle, video, template,
 * length) so a bad request is a 4xx and starts nothing, then carried by sendDmWithContent through
 * the account's sender.
 */

const routes = {
  contactDm: createRoute({
    method: 'post',
    path: '/api/contacts/{id}/dm',
    summary: 'Send a DM (text or template, optionally a MediaPoster video) to a contact; paced, never twice',
    security: apiKeySecurity,
    request: {
      params: ContactIdParam,
      body: { required: true, content: { 'application/json': { schema: ContactDmBody } } },
    },
    responses: {
      202: jsonResponse(WorkflowStarted, 'The DM workflow (or the one this request already started)'),
      ...errorResponses(400, 401, 404, 409, 413, 503),
    },
  }),
  contactDmStatus: createRoute({
    method: 'get',
    path: '/api/contacts/{id}/dm/{workflowId}',
    summary: 'Where a DM is: queued, sent, failed, and why',
    security: apiKeySecurity,
    request: { params: DmWorkflowParams },
    responses: { 200: jsonResponse(WorkflowStatus, 'DM state'), ...errorResponses(400, 401, 404, 503) },
  }),
  send: createRoute({
    method: 'post',
    path: '/api/dm/send',
    summary:
      'Original server: send {username, text}; answers when sent, or 202 with a status link after a bounded wait',
    security: apiKeySecurity,
    request: { body: { required: true, content: { 'application/json': { schema: DmSendBody } } } },
    responses: {
      200: jsonResponse(DmSendResult, 'Sent, or why not'),
      202: jsonResponse(WorkflowStarted, 'Still on its way'),
      ...errorResponses(400, 401, 404, 409, 413, 503),
    },
  }),
  conversations: createRoute({
    method: 'get',
    path: '/api/dm/conversations',
    summary: 'Original server: the inbox by tab, as last synced (no browser call)',
    security: apiKeySecurity,
    request: { query: AccountQuery },
    responses: { 200: jsonResponse(StoredConversations, 'Conversations'), ...errorResponses(400, 401, 503) },
  }),
};

/** Checks (4xx on a bad request) and starts the DM's workflow under its business key. */
async function startDm(
  deps: DmRouteDeps,
  c: Context<AppEnv>,
  accountId: string,
  req: Omit<DmRequest, 'accountId'>,
  idempotencyKey: string | undefined,
) {
  const { contactId, businessKey, composed } = await checkDirectDm(deps, accountId, req, idempotencyKey);
  const input: SendDmInput = {
    version: 1,
    accountId,
    request: { ...req, contact: contactId },
    composed,
    businessKey,
    requestId: c.get('requestId'),
    by: c.get('principal').name,
    timing: deps.config.timing,
    recheckMs: 60_000,
  };
  return deps.workflows.start(sendDmWithContentContract, input, businessKey.replace(/[^A-Za-z0-9._:-]/g, '_'));
}

/** The ports these routes use (built once in app.ts). */
export type DmRouteDeps = RouteDeps<
  'contacts' | 'inbox' | 'now' | 'scores' | 'templates' | 'videos' | 'workflows',
  'outreach' | 'scoreWeights' | 'timing'
>;

export function registerDmRoutes(app: OpenAPIHono<AppEnv>, deps: DmRouteDeps) {
  app.openapi(routes.contactDm, async (c) => {
    const { id } = c.req.valid('param');
    const { idempotencyKey, accountId, ...req } = c.req.valid('json');
    const account = await requireAccount(c, accountId ?? c.get('accountId'));
    const started = await startDm(deps, c, account.id, { contact: id, ...req }, idempotencyKey);
    return c.json(startedBody(c, started, `/api/contacts/${encodeURIComponent(id)}/dm`), 202);
  });

  app.openapi(routes.contactDmStatus, async (c) => {
    return c.json(await workflowStateBody(c, c.req.valid('param').workflowId, [sendDmWithContentContract], 'DM'), 200);
  });

  app.openapi(routes.send, async (c) => {
    const { username, text, idempotencyKey, accountId } = c.req.valid('json');
    const account = await requireAccount(c, accountId ?? c.get('accountId'));
    const handle = await acceptHandleDm(deps, account.id, username, text, {
      nowMs: deps.now(),
      weights: deps.config.scoreWeights,
    });
    const started = await startDm(deps, c, account.id, { contact: handle, text }, idempotencyKey);
    const outcome = await deps.workflows.awaitResult(
      sendDmWithContentContract,
      started.workflowId,
      started.runId,
      deps.config.outreach.dmSendWaitMs,
    );
    if (!outcome.done) return c.json(startedBody(c, started, '/api/workflows'), 202);
    if ('error' in outcome) {
      return c.json(
        {
          success: false,
          username: handle,
          status: 'failed',
          itemId: null,
          outcome: null,
          error: outcome.error,
          sentAt: null,
          workflowId: started.workflowId,
        },
        200,
      );
    }
    const r = outcome.result;
    const base = {
      success: r.status === 'sent',
      username: handle,
      status: r.status ?? 'unknown',
      itemId: r.itemId,
      outcome: r.outcome,
      sentAt: r.sentAt,
      workflowId: started.workflowId,
    };
    return c.json(r.error ? { ...base, error: r.error } : base, 200);
  });

  app.openapi(routes.conversations, async (c) => {
    const stored = await deps.inbox.listConversations(c.get('accountId'));
    const byTab = Object.fromEntries(INBOX_TABS.map((t) => [t, []])) as unknown as Record<
      InboxTab,
      z.infer<typeof ConversationRow>[]
    >;
    for (const s of stored) {
      const name = s.username ?? s.displayName;
      if (!name) continue;
      byTab[s.tab as InboxTab]?.push({
        username: name,
        displayName: s.displayName,
        threadId: s.threadId,
        lastMessage: s.preview,
        lastMessageIsOutbound: s.previewIsOutbound,
        lastMessageAt: s.lastMessageAt,
        unreadCount: s.unreadCount,
      });
    }
    const totalCount = Object.values(byTab).reduce((n, rows) => n + rows.length, 0);
    return c.json({ conversations: byTab, totalCount }, 200);
  });
}
