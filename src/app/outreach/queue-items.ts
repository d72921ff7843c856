import { optedOutProblem, renderDm, shareableVideoFor, videoFacts } from './dm-compose';
import { fromMediaPoster } from '../video-outreach/mediaposter-reads';
import { businessKeyOf, newOutreachItem, requestSource } from './outreach-items';
import { upsertScored } from '../contacts/contact-scoring';
import { normalizeUsername } from '../../domain/contact-fields';
import { OUTREACH_TRANSITIONS } from '../../domain/outreach-transitions';
import { effectiveApprovalMode, type Account, type OutreachDefaults } from '../../domain/outreach';
import type { ShareableVideo } from '../../domain/shareable-video';
import type { Contact } from '../../domain/types';
import type { Enqueued, OutreachRepository } from '../../adapters/db/outreach-repository';
import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { ScoreRepository } from '../../adapters/db/score-repository';
import type { VideoRepository } from '../../adapters/mediaposter/video-repository';
import type { ScoreWeights } from '../../domain/scoring';
import { dmRefused, Refused } from '../refusal';
import type { SenderWaker } from './sender-waker';
import { announceIfHeld } from './approval-notice';
import { checkedPlan } from '../follow-ups/plan-input';
import type { FollowUpInput } from '../../domain/follow-ups';
import type { AccountRepository } from '../../adapters/db/account-repository';
import { withStoredTemplate, type TemplatePort, type TemplateRef } from './dm-template';

/**
 * Queueing DMs as the API does it: every item is checked (handle, template, video, length) before
 * anything is written, so a bad batch changes nothing; then unknown handles become contacts, the
 * items go into the ledger in one request, and the account's sender is woken.
 */

/** One DM to queue, as the API validated it (its snake_case fields). */
export interface ItemInput {
  username: string;
  text?: string;
  template?: string;
  template_id?: string;
  variables?: Record<string, string>;
  video_id?: string;
  priority: number;
  scheduled_at?: string;
  campaign?: string;
  /** A campaign item's follow-up steps (see app/follow-ups/); a step may name a stored template. */
  follow_ups?: (FollowUpInput & { template_id?: string })[];
}

export interface QueuePorts extends TemplatePort {
  scores: Pick<ScoreRepository, 'byUsernames' | 'recentMessages' | 'record'>;
  contacts: Pick<ContactRepository, 'upsertContacts'>;
  videos: VideoRepository;
  outreach: Pick<OutreachRepository, 'enqueue' | 'snapshot'>;
  accounts: Pick<AccountRepository, 'approvalNotice' | 'recordApprovalNotice'>;
  senders: SenderWaker;
  config: { scoreWeights: ScoreWeights; outreach: { defaults: OutreachDefaults } };
  now: () => number;
}

async function videosOf(deps: Pick<QueuePorts, 'videos'>, inputs: ItemInput[]): Promise<Map<string, ShareableVideo>> {
  const found = new Map<string, ShareableVideo>();
  for (const id of new Set(inputs.flatMap((i) => (i.video_id ? [i.video_id] : [])))) {
    const v = await fromMediaPoster(() => shareableVideoFor(deps.videos, id));
    if (!v.ok) throw dmRefused(v.problem, `video_id ${id}`);
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
  if (inputs.length === 1) throw dmRefused(optedOutProblem(refused[0]!.contact).problem);
  const details = refused.map(({ n, contact }) => ({
    path: `items.${n}`,
    username: contact.username,
    reason: contact.optedOutReason,
  }));
  throw new Refused(
    'OPTED_OUT',
    `${refused.length} of the ${inputs.length} DMs are to contacts who opted out; nothing was queued`,
    details,
  );
}

/**
 * Each stored template the items and their follow-up steps name, once: its text and version; one
 * not found refuses the batch.
 */
async function storedTemplates(deps: TemplatePort, accountId: string, inputs: ItemInput[]) {
  const found = new Map<string, { text: string; ref: TemplateRef }>();
  const named = inputs.flatMap((input, n) => {
    const at = inputs.length > 1 ? `items.${n}.` : '';
    const steps = (input.follow_ups ?? []).map((s, k) => ({
      id: s.template_id,
      path: `${at}follow_ups.${k}.template_id`,
    }));
    return [{ id: input.template_id, path: `${at}template_id` }, ...steps];
  });
  for (const { id, path } of named) {
    if (id === undefined || found.has(id)) continue;
    const t = await withStoredTemplate<{ templateId?: string; template?: string }>(deps, accountId, { templateId: id });
    if (!t.ok) throw dmRefused(t.problem, path);
    found.set(id, { text: t.req.template!, ref: t.template! });
  }
  return found;
}

/** A follow-up step naming a stored template carries its text, id and version from now on. */
function withStepTemplates(input: ItemInput, templates: Map<string, { text: string; ref: TemplateRef }>): ItemInput {
  if (!input.follow_ups) return input;
  const follow_ups = input.follow_ups.map(({ template_id, ...s }) => {
    const t = template_id === undefined ? undefined : templates.get(template_id);
    return t ? { ...s, template: t.text, templateId: t.ref.id, templateVersion: t.ref.version } : s;
  });
  return { ...input, follow_ups };
}

export async function queueItems(
  deps: QueuePorts,
  account: Account,
  inputs: ItemInput[],
  ctx: { requestId: string; idempotencyKey?: string; by?: string },
): Promise<Enqueued> {
  const names = [...new Set(inputs.map((i) => normalizeUsername(i.username)))];
  const known = new Map(
    (await deps.scores.byUsernames(account.id, names)).map((r) => [r.contact.username!, r.contact]),
  );
  refuseOptedOut(inputs, known);
  const videos = await videosOf(deps, inputs);
  const templates = await storedTemplates(deps, account.id, inputs);
  inputs = inputs.map((i) => ({
    ...withStepTemplates(i, templates),
    template: templates.get(i.template_id ?? '')?.text ?? i.template,
  }));
  // Each item's text and follow-up plan, rendered for the contact as known now: a bad one refuses the batch.
  const composed = inputs.map((input, n) => {
    const username = normalizeUsername(input.username);
    const contact = known.get(username) ?? { displayName: null, username };
    const video = input.video_id ? videoFacts(videos.get(input.video_id)!) : null;
    const rendered = renderDm(
      { text: input.text, template: input.template, variables: input.variables },
      contact,
      video,
    );
    if (!rendered.ok) throw dmRefused(rendered.problem, inputs.length > 1 ? `items.${n}` : undefined);
    const plan = checkedPlan(input.follow_ups, contact, video, inputs.length > 1 ? `items.${n}.` : '');
    return { text: rendered.text, plan };
  });

  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    await upsertScored(
      deps,
      account.id,
      unknown.map((username) => ({ username })),
      { nowMs: deps.now(), weights: deps.config.scoreWeights },
    );
    for (const r of await deps.scores.byUsernames(account.id, unknown)) known.set(r.contact.username!, r.contact);
  }
  const mode = effectiveApprovalMode(account, deps.config.outreach.defaults);
  const items = inputs.map((input, n) => {
    const contact = known.get(normalizeUsername(input.username));
    if (!contact?.username) throw new Refused('CONFLICT', `Contact ${input.username} could not be stored`);
    const kind = input.campaign ? ('campaign' as const) : ('queued' as const);
    const templateRef = templates.get(input.template_id ?? '')?.ref ?? null;
    const source = requestSource(input, templateRef);
    const key = ctx.idempotencyKey && `${ctx.idempotencyKey}:${n}`;
    const item = newOutreachItem(
      account.id,
      {
        kind,
        contact: { ...contact, username: contact.username },
        text: composed[n]!.text,
        priority: input.priority,
        businessKey: businessKeyOf({
          kind,
          contactId: contact.id,
          idempotencyKey: key,
          campaign: input.campaign,
          source,
          videoId: input.video_id,
        }),
        scheduledAt: input.scheduled_at ?? null,
        campaign: input.campaign ?? null,
        template: input.template ?? null,
        templateRef,
        videoId: input.video_id ?? null,
        notifyWorkflowId: null,
        requestId: ctx.requestId,
        by: ctx.by ?? null,
      },
      mode,
    );
    return { ...item, followUps: composed[n]!.plan };
  });
  const stored = await deps.outreach.enqueue(account.id, items);
  const held = stored.items.some((s) => s.created && s.item.status === OUTREACH_TRANSITIONS.hold.to);
  await announceIfHeld(deps, account.id, deps.config.outreach.defaults.approvalNotifyMs, held);
  await deps.senders.wakeSender(account.id, 'queue changed');
  return stored;
}

/** Items still waiting to go out. */
export async function queueLength(
  deps: Pick<QueuePorts, 'outreach' | 'config' | 'now'>,
  account: Account,
): Promise<number> {
  const { counts } = await deps.outreach.snapshot(account.id, deps.now(), deps.config.outreach.defaults.pacing.dayMs);
  return (counts.queued ?? 0) + (counts.awaiting_approval ?? 0);
}
