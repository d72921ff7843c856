import type { z } from '@hono/zod-openapi';
import { optedOutProblem, renderDm, shareableVideoFor, videoFacts, type DmProblem } from '../app/dm-compose';
import { fromMediaPoster } from './mediaposter-errors';
import { businessKeyOf, newOutreachItem } from '../app/outreach-items';
import { upsertScored } from '../app/contact-scoring';
import { normalizeUsername } from '../domain/contact-fields';
import { effectiveApprovalMode, type Account, type OutreachItem } from '../domain/outreach';
import type { ShareableVideo } from '../domain/shareable-video';
import type { Contact } from '../domain/types';
import type { Enqueued } from '../adapters/db/outreach-repository';
import type { ApiDeps } from './env';
import { ApiError } from './errors';
import type { OutreachItemResource, QueueItemInput } from './schemas/outreach';

/**
 * Queueing DMs as the API does it: every item is checked (handle, template, video, length) before
 * anything is written, so a bad batch changes nothing; then unknown handles become contacts, the
 * items go into the ledger in one request, and the account's sender is woken.
 */

type ItemInput = z.output<typeof QueueItemInput>;

export function toItemResource(i: OutreachItem): z.infer<typeof OutreachItemResource> {
  return {
    id: i.id, account_id: i.accountId, contact_id: i.contactId, username: i.username, text: i.text, kind: i.kind, priority: i.priority,
    scheduled_at: i.scheduledAt, status: i.status, campaign: i.campaign, template: i.template, video_id: i.videoId,
    approved_at: i.approvedAt, attempts: i.attempts, outcome: i.outcome, error: i.lastError, created_at: i.createdAt, sent_at: i.sentAt,
  };
}

/** A DM problem as the API reports it: the right status, the problem's own code in details. */
export function dmProblemError(p: DmProblem, path?: string): ApiError {
  const details = { reason: p.code, ...(path ? { path } : {}), ...(p.details ? { detail: p.details } : {}) };
  switch (p.code) {
    case 'CONTACT_NOT_FOUND':
    case 'VIDEO_NOT_FOUND':
      return new ApiError('NOT_FOUND', p.message, details);
    case 'OPTED_OUT':
      return new ApiError('OPTED_OUT', p.message, details);
    case 'NO_HANDLE':
    case 'VIDEO_NOT_PUBLISHED':
      return new ApiError('CONFLICT', p.message, details);
    default:
      return new ApiError('VALIDATION_FAILED', p.message, details);
  }
}

async function videosOf(deps: ApiDeps, inputs: ItemInput[]): Promise<Map<string, ShareableVideo>> {
  const found = new Map<string, ShareableVideo>();
  for (const id of new Set(inputs.flatMap((i) => (i.video_id ? [i.video_id] : [])))) {
    const v = await fromMediaPoster(() => shareableVideoFor(deps.videos, id));
    if (!v.ok) throw dmProblemError(v.problem, `video_id ${id}`);
    found.set(id, v.video);
  }
  return found;
}

/**
 * A DM to someone who opted out is refused like any other bad item: a batch naming one is refused
 * whole (nothing queued), with every such item named, so the caller drops them and sends again.
 */
function refuseOptedOut(inputs: ItemInput[], known: Map<string, Contact>): void {
  const refused = inputs.flatMap((input, n) => {
    const contact = known.get(normalizeUsername(input.username));
    return contact?.optedOut ? [{ n, contact }] : [];
  });
  if (refused.length === 0) return;
  if (inputs.length === 1) throw dmProblemError(optedOutProblem(refused[0]!.contact).problem);
  const details = refused.map(({ n, contact }) => ({ path: `items.${n}`, username: contact.username, reason: contact.optedOutReason }));
  throw new ApiError('OPTED_OUT', `${refused.length} of the ${inputs.length} DMs are to contacts who opted out; nothing was queued`, details);
}

export async function queueItems(
  deps: ApiDeps,
  account: Account,
  inputs: ItemInput[],
  ctx: { requestId: string; idempotencyKey?: string; by?: string },
): Promise<Enqueued> {
  const names = [...new Set(inputs.map((i) => normalizeUsername(i.username)))];
  const known = new Map((await deps.scores.byUsernames(account.id, names)).map((r) => [r.contact.username!, r.contact]));
  refuseOptedOut(inputs, known);
  const videos = await videosOf(deps, inputs);
  const texts = inputs.map((input, n) => {
    const username = normalizeUsername(input.username);
    const contact = known.get(username) ?? { displayName: null, username };
    const rendered = renderDm({ text: input.text, template: input.template, variables: input.variables }, contact, input.video_id ? videoFacts(videos.get(input.video_id)!) : null);
    if (!rendered.ok) throw dmProblemError(rendered.problem, inputs.length > 1 ? `items.${n}` : undefined);
    return rendered.text;
  });

  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    await upsertScored(deps, account.id, unknown.map((username) => ({ username })), { nowMs: deps.now(), weights: deps.config.scoreWeights });
    for (const r of await deps.scores.byUsernames(account.id, unknown)) known.set(r.contact.username!, r.contact);
  }
  const mode = effectiveApprovalMode(account, deps.config.outreach.defaults);
  const items = inputs.map((input, n) => {
    const contact = known.get(normalizeUsername(input.username));
    if (!contact?.username) throw new ApiError('CONFLICT', `Contact ${input.username} could not be stored`);
    const kind = input.campaign ? ('campaign' as const) : ('queued' as const);
    const source = input.template !== undefined ? `template:${input.template}:${JSON.stringify(input.variables ?? {})}` : `text:${input.text}`;
    const key = ctx.idempotencyKey && `${ctx.idempotencyKey}:${n}`;
    return newOutreachItem(account.id, {
      kind, contact: { ...contact, username: contact.username }, text: texts[n]!, priority: input.priority,
      businessKey: businessKeyOf({ kind, contactId: contact.id, idempotencyKey: key, campaign: input.campaign, source, videoId: input.video_id }),
      scheduledAt: input.scheduled_at ?? null, campaign: input.campaign ?? null, template: input.template ?? null,
      videoId: input.video_id ?? null, notifyWorkflowId: null, requestId: ctx.requestId, by: ctx.by ?? null,
    }, mode);
  });
  const stored = await deps.outreach.enqueue(account.id, items);
  await deps.senders.queueChanged(account.id);
  return stored;
}

/** Items still waiting to go out. */
export async function queueLength(deps: ApiDeps, account: Account): Promise<number> {
  const { counts } = await deps.outreach.snapshot(account.id, deps.now(), deps.config.outreach.defaults.pacing.dayMs);
  return (counts.queued ?? 0) + (counts.awaiting_approval ?? 0);
}
