import { createHash } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { normalizeUsername } from '../../domain/contact-fields';
import { syncInputFromConfig } from '../../temporal/workflow-inputs';
import type { StartedWorkflow } from '../../temporal/workflow-gateway';
import type { SyncConversationsInput, SyncScope } from '../../contracts/sync';
import type { AppEnv, RouteDeps } from '../env';
import {
  apiKeySecurity,
  errorResponses,
  jsonResponse,
  WorkflowIdParam,
  WorkflowStarted,
  WorkflowStatus,
} from '../schemas/common';
import {
  FullSyncResult,
  MessageSyncResult,
  SyncRequest,
  SyncResult,
  SyncStillRunning,
  UsernameParam,
} from '../schemas/sync';
import { toFullSyncResult, toMessageSyncResult, toSyncResult } from '../sync-results';
import { syncContactsContract, syncConversationsContract } from '../../contracts/catalogue';
import { startedBody, workflowStateBody } from '../workflow-responses';

const SYNC_STATUS_PATH = '/api/conversations/sync';

const still = { 202: jsonResponse(SyncStillRunning, 'Still running after the wait; follow statusUrl') };

const routes = {
  start: createRoute({
    method: 'post',
    path: '/api/conversations/sync',
    summary: 'Sync the Instagram inbox (one sync per account; a second request joins the running one)',
    security: apiKeySecurity,
    request: { body: { required: false, content: { 'application/json': { schema: SyncRequest } } } },
    responses: {
      202: jsonResponse(WorkflowStarted, 'Sync workflow started or joined'),
      ...errorResponses(400, 401, 503),
    },
  }),
  status: createRoute({
    method: 'get',
    path: '/api/conversations/sync/{workflowId}',
    summary: 'Progress or result of a sync',
    security: apiKeySecurity,
    request: { params: WorkflowIdParam },
    responses: { 200: jsonResponse(WorkflowStatus, 'Sync state'), ...errorResponses(400, 401, 404, 503) },
  }),
  compatConversations: createRoute({
    method: 'post',
    path: '/api/sync/conversations',
    summary: 'Original server: list the inbox into contacts (waits for the result)',
    security: apiKeySecurity,
    responses: { 200: jsonResponse(SyncResult, 'Sync result'), ...still, ...errorResponses(401, 503) },
  }),
  compatMessages: createRoute({
    method: 'post',
    path: '/api/sync/messages/{username}',
    summary: "Original server: read one contact's thread (waits for the result)",
    security: apiKeySecurity,
    request: { params: UsernameParam },
    responses: {
      200: jsonResponse(MessageSyncResult, 'Thread sync result'),
      ...still,
      ...errorResponses(400, 401, 503),
    },
  }),
  compatFull: createRoute({
    method: 'post',
    path: '/api/sync/full',
    summary: 'Original server: inbox and changed threads (waits for the result)',
    security: apiKeySecurity,
    responses: { 200: jsonResponse(FullSyncResult, 'Full sync result'), ...still, ...errorResponses(401, 503) },
  }),
};

function syncInput(
  deps: SyncRouteDeps,
  c: Context<AppEnv>,
  scope: SyncScope,
  readThreads: boolean,
): SyncConversationsInput {
  return syncInputFromConfig(deps.config, scope, readThreads, c.get('requestId'), c.get('accountId'));
}

/** The original routes answered synchronously: wait (bounded), then answer as they did. */
async function waitForSync(
  deps: SyncRouteDeps,
  c: Context<AppEnv>,
  started: StartedWorkflow,
  contract: typeof syncConversationsContract,
) {
  const { workflows, config } = deps;
  const outcome = await workflows.awaitResult(contract, started.workflowId, started.runId, config.compatWaitMs);
  if (!outcome.done)
    return {
      pending: {
        ...startedBody(c, started, SYNC_STATUS_PATH),
        message: 'The sync is still running; follow statusUrl for its result',
      },
    };
  return 'error' in outcome ? { progress: null, error: outcome.error } : { progress: outcome.result };
}

/** The ports these routes use (built once in app.ts). */
export type SyncRouteDeps = RouteDeps<'workflows', 'accountId' | 'compatWaitMs' | 'senderTiming' | 'sync' | 'timing'>;

export function registerSyncRoutes(app: OpenAPIHono<AppEnv>, deps: SyncRouteDeps) {
  app.openapi(routes.start, async (c) => {
    // Without a JSON body the validator hands over {} (defaults not applied yet): apply them here.
    const body = SyncRequest.parse(c.req.valid('json'));
    const started = await deps.workflows.start(
      syncConversationsContract,
      syncInput(deps, c, { kind: 'inbox', tab: body.tab }, body.read_threads),
    );
    return c.json(startedBody(c, started, SYNC_STATUS_PATH), 202);
  });

  app.openapi(routes.status, async (c) => {
    return c.json(
      await workflowStateBody(
        c,
        c.req.valid('param').workflowId,
        [syncConversationsContract, syncContactsContract],
        'sync',
      ),
      200,
    );
  });

  app.openapi(routes.compatConversations, async (c) => {
    const started = await deps.workflows.start(
      syncConversationsContract,
      syncInput(deps, c, { kind: 'inbox', tab: 'all' }, false),
    );
    const r = await waitForSync(deps, c, started, syncConversationsContract);
    return 'pending' in r ? c.json(r.pending!, 202) : c.json(toSyncResult(r.progress, r.error), 200);
  });

  app.openapi(routes.compatMessages, async (c) => {
    const username = normalizeUsername(c.req.valid('param').username);
    const key = createHash('sha256').update(username).digest('hex').slice(0, 24);
    const started = await deps.workflows.start(
      syncContactsContract,
      syncInput(deps, c, { kind: 'contacts', usernames: [username] }, true),
      key,
    );
    const r = await waitForSync(deps, c, started, syncContactsContract);
    if ('pending' in r) return c.json(r.pending!, 202);
    return c.json(toMessageSyncResult(r.progress?.threads[0], r.error), 200);
  });

  app.openapi(routes.compatFull, async (c) => {
    const started = await deps.workflows.start(
      syncConversationsContract,
      syncInput(deps, c, { kind: 'inbox', tab: 'all' }, true),
    );
    const r = await waitForSync(deps, c, started, syncConversationsContract);
    return 'pending' in r ? c.json(r.pending!, 202) : c.json(toFullSyncResult(r.progress, r.error), 200);
  });
}
