import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { OUTREACH_STATUSES, type OutreachStatus } from '../../domain/outreach';
import { AccountQuery, requireAccount } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { Refused } from '../../app/refusal';
import { approveEdited, decideItem, queuedItem, type Decision } from '../../app/outreach/queue-decisions';
import { queueItems, queueLength } from '../../app/outreach/queue-items';
import { cancelRemainingSteps } from '../../app/follow-ups/cancel-plan';
import { toItemResource } from '../resources';
import { emptyJsonBodyAsObject } from '../middleware/empty-json-body';
import { pacingView, pacingViews, statsOf } from '../../app/outreach/sender-views';
import { apiKeySecurity, ErrorEnvelope, errorResponses, jsonResponse } from '../schemas/common';
import { ApproveRequest } from '../schemas/outreach-bulk';
import {
  ItemDetail,
  ItemIdParam,
  OutreachItemResource,
  QueueAdded,
  QueueAddedBatch,
  QueueList,
  QueueListQuery,
  QueueRequest,
} from '../schemas/outreach';

/** The outreach queue (the original server's routes, now durable), item history and approvals. */

const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'A retried request with the same key finds the items it queued' }),
});

/** The error envelope with the original server's `removed: false` beside it. */
const RemoveRefused = ErrorEnvelope.extend({ removed: z.literal(false) });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/outreach/queue',
    summary: "The queue, its stats, and every account's pacing (what blocks the next DM and until when)",
    security: apiKeySecurity,
    request: { query: QueueListQuery },
    responses: { 200: jsonResponse(QueueList, 'Queue'), ...errorResponses(400, 401, 404, 503) },
  }),
  add: createRoute({
    method: 'post',
    path: '/api/outreach/queue',
    summary: 'Queue a DM ({username, text | template, …}) or several ({items: […]}); unknown handles become contacts',
    security: apiKeySecurity,
    request: {
      headers: IdempotencyHeader,
      body: { required: true, content: { 'application/json': { schema: QueueRequest } } },
    },
    responses: {
      201: jsonResponse(z.union([QueueAdded, QueueAddedBatch]), 'Queued'),
      200: jsonResponse(z.union([QueueAdded, QueueAddedBatch]), 'Already queued (same request)'),
      ...errorResponses(400, 401, 404, 409, 413, 503),
    },
  }),
  clear: createRoute({
    method: 'delete',
    path: '/api/outreach/queue',
    summary: 'Cancel every DM of the account that has not gone out',
    security: apiKeySecurity,
    request: { query: AccountQuery },
    responses: {
      200: jsonResponse(z.object({ cleared: z.number().int() }), 'Cancelled'),
      ...errorResponses(400, 401, 404, 503),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/outreach/queue/{id}',
    summary: 'One item and its history: queued, held, approved, attempts, outcome',
    security: apiKeySecurity,
    request: { params: ItemIdParam },
    responses: { 200: jsonResponse(ItemDetail, 'Item'), ...errorResponses(400, 401, 404, 503) },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/api/outreach/queue/{id}',
    summary: 'Cancel one DM that has not gone out',
    security: apiKeySecurity,
    request: { params: ItemIdParam },
    responses: {
      200: jsonResponse(
        z.object({ removed: z.boolean(), queueLength: z.number().int(), follow_ups_cancelled: z.boolean().optional() }),
        'Cancelled (or, for a DM already sent, the follow-ups still to come: removed false, follow_ups_cancelled true)',
      ),
      ...errorResponses(400, 401, 503),
      404: jsonResponse(RemoveRefused, "No such item (the envelope, with the original server's removed: false)"),
      409: jsonResponse(RemoveRefused, 'Already sent, failed or cancelled (the envelope, with removed: false)'),
    },
  }),
  approve: createRoute({
    method: 'post',
    path: '/api/outreach/queue/{id}/approve',
    summary: 'Approve a DM held for approval (first contact), optionally with an edited text ({text})',
    security: apiKeySecurity,
    request: {
      params: ItemIdParam,
      body: { required: false, content: { 'application/json': { schema: ApproveRequest } } },
    },
    responses: {
      200: jsonResponse(z.object({ item: OutreachItemResource }), 'Approved'),
      ...errorResponses(400, 401, 404, 409, 413, 503),
    },
  }),
  reject: createRoute({
    method: 'post',
    path: '/api/outreach/queue/{id}/reject',
    summary: 'Reject a DM held for approval (it is cancelled)',
    security: apiKeySecurity,
    request: { params: ItemIdParam },
    responses: {
      200: jsonResponse(z.object({ item: OutreachItemResource }), 'Rejected'),
      ...errorResponses(400, 401, 404, 409, 503),
    },
  }),
};

/** The ports these routes use (built once in app.ts). */
export type OutreachQueueDeps = RouteDeps<
  'accounts' | 'contacts' | 'followUps' | 'now' | 'outreach' | 'scores' | 'senders' | 'templates' | 'videos',
  'outreach' | 'scoreWeights'
>;

export function registerOutreachQueueRoutes(app: OpenAPIHono<AppEnv>, deps: OutreachQueueDeps) {
  app.use('/api/outreach/queue/:id/approve', emptyJsonBodyAsObject);
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const account = await requireAccount(c);
    const statuses = q.status?.split(',') ?? null;
    const unknown = statuses?.filter((s) => !(OUTREACH_STATUSES as readonly string[]).includes(s)) ?? [];
    if (unknown.length)
      throw new ApiError('VALIDATION_FAILED', 'Invalid request query', [
        { path: 'status', message: `unknown status ${unknown.join(', ')}` },
      ]);
    const items = await deps.outreach.list(account.id, statuses as OutreachStatus[] | null, q.limit, q.contactId);
    const views = await pacingViews(deps, await deps.accounts.list());
    const mine = views.find((v) => v.accountId === account.id) ?? (await pacingView(deps, account));
    const pacing = views.map(({ snapshot: _snapshot, ...view }) => view);
    return c.json({ queue: items.map(toItemResource), stats: statsOf(mine.snapshot), pacing }, 200);
  });

  app.openapi(routes.add, async (c) => {
    const body = c.req.valid('json');
    const account = await requireAccount(c, body.accountId ?? c.get('accountId'));
    const ctx = {
      requestId: c.get('requestId'),
      idempotencyKey: c.req.valid('header')['idempotency-key'],
      by: c.get('principal').name,
    };
    const batch = 'items' in body;
    const { items: stored, pending } = await queueItems(deps, account, batch ? body.items : [body], ctx);
    const created = stored.filter((s) => s.created).length;
    const status = created > 0 ? 201 : 200;
    if (batch)
      return c.json({ messages: stored.map((s) => toItemResource(s.item)), created, queueLength: pending }, status);
    return c.json({ message: toItemResource(stored[0]!.item), created: created > 0, queueLength: pending }, status);
  });

  app.openapi(routes.clear, async (c) => {
    const account = await requireAccount(c);
    const cleared = await deps.outreach.cancelPending(account.id, null, 'cleared by hand', c.get('principal').name);
    return c.json({ cleared }, 200);
  });

  app.openapi(routes.get, async (c) => {
    const item = await queuedItem(deps, c.req.valid('param').id);
    return c.json({ item: toItemResource(item), history: await deps.outreach.history(item.id) }, 200);
  });

  app.openapi(routes.remove, async (c) => {
    const by = c.get('principal').name;
    const item = await decideItem(deps, c.req.valid('param').id, 'cancel', by).catch(async (err) => {
      // The original answered {removed: false} for an item it could not remove: its clients read that field.
      if (!(err instanceof Refused) || (err.code !== 'NOT_FOUND' && err.code !== 'CONFLICT')) throw err;
      // A DM already sent cannot be removed, but the follow-ups still to come after it can be called off.
      const sent = err.code === 'CONFLICT' ? await sentWithPlan(c.req.valid('param').id, by) : null;
      if (sent) return { followUpsOf: sent };
      const details = err.details === undefined ? {} : { details: err.details };
      const error = { code: err.code, message: err.message, ...details, requestId: c.get('requestId') ?? null };
      return c.json({ error, removed: false as const }, err.code === 'NOT_FOUND' ? 404 : 409);
    });
    if (item instanceof Response) return item;
    const stopped = 'followUpsOf' in item ? item.followUpsOf : item;
    // A cancelled step of a plan ends the plan: its run hears so now rather than at its next re-read.
    if (!('followUpsOf' in item)) await cancelRemainingSteps(deps, item, by);
    const queued = await queueLength(deps, await requireAccount(c, stopped.accountId));
    if ('followUpsOf' in item) return c.json({ removed: false, queueLength: queued, follow_ups_cancelled: true }, 200);
    return c.json({ removed: true, queueLength: queued }, 200);
  });

  /** The sent item whose plan's remaining steps were just called off, or null. */
  async function sentWithPlan(id: string, by: string | null) {
    const row = await deps.outreach.get(id);
    if (row?.item.status !== 'sent') return null;
    return (await cancelRemainingSteps(deps, row.item, by)) ? row.item : null;
  }

  const decide = (decision: Decision) => async (c: Parameters<Parameters<OpenAPIHono<AppEnv>['openapi']>[1]>[0]) => {
    const item = await decideItem(deps, c.req.param('id') ?? '', decision, c.get('principal').name);
    return c.json({ item: toItemResource(item) }, 200);
  };
  app.openapi(routes.approve, async (c) => {
    const { id } = c.req.valid('param');
    const text = c.req.valid('json')?.text;
    const by = c.get('principal').name;
    const item =
      text === undefined ? await decideItem(deps, id, 'approve', by) : await approveEdited(deps, id, text, by);
    return c.json({ item: toItemResource(item) }, 200);
  });
  app.openapi(routes.reject, decide('reject'));
}
