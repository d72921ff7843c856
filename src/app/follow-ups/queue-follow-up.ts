import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import type { VideoRepository } from '../../adapters/mediaposter/video-repository';
import type { DmOutcome } from '../../contracts/sender';
import { stepVerdict, type StopReason } from '../../domain/follow-ups';
import type { FollowUpStep } from '../../domain/follow-up-steps';
import type { OutreachItem } from '../../domain/outreach';
import { UseCaseFailure } from '../failure';
import { renderDm, shareableVideoFor, videoFacts, type VideoFacts } from '../outreach/dm-compose';
import { businessKeyOf, newOutreachItem } from '../outreach/outreach-items';
import type { SenderWaker } from '../outreach/sender-waker';

/**
 * A follow-up step whose time has come: checked in TypeScript against fresh facts (the step before
 * it sent, no message from them since, not opted out), then queued through the ledger under the key
 * campaign + contact + step — so a repeat (a retried activity, a restarted worker) finds the item it
 * made and the step goes at most once — and the sender is woken. It is paced and checked at send time
 * like any DM; it needs no approval of its own (see checkAtSendTime's followUp).
 */

export interface FollowUpPorts {
  outreach: Pick<OutreachRepository, 'get' | 'sendFacts' | 'enqueue'>;
  videos: VideoRepository;
  senders: SenderWaker;
}

export interface FollowUpRequest {
  accountId: string;
  firstItemId: string;
  /** 1..3 */
  step: number;
  /** The item of step - 1 (the first DM for step 1). */
  previousItemId: string;
  /** The run waiting for the step's outcome. */
  workflowId: string;
}

export type FollowUpQueued = { kind: 'queued'; outcome: DmOutcome } | { kind: 'stopped'; reason: StopReason };

/** The plan and the first DM's send time, as the run starts. */
export async function followUpPlanOf(
  ports: Pick<FollowUpPorts, 'outreach'>,
  firstItemId: string,
): Promise<{ afterMs: number[]; sentAt: string | null }> {
  const first = await itemOrFail(ports, firstItemId);
  return { afterMs: (first.followUps ?? []).map((s) => s.afterMs), sentAt: first.sentAt };
}

export async function queueFollowUp(ports: FollowUpPorts, r: FollowUpRequest): Promise<FollowUpQueued> {
  const first = await itemOrFail(ports, r.firstItemId);
  const facts = await ports.outreach.sendFacts(r.previousItemId);
  if (!facts) throw new UseCaseFailure('ITEM_NOT_FOUND', `no outreach item ${r.previousItemId}`);
  const previous = facts.item;
  const verdict = stepVerdict({
    step: r.step,
    plan: first.followUps ?? [],
    previous: { status: previous.status, sentAtMs: previous.sentAt === null ? null : Date.parse(previous.sentAt) },
    optedOut: facts.contact.optedOut,
    lastInboundAtMs: facts.lastInboundAtMs,
  });
  if (verdict.kind === 'stop') return { kind: 'stopped', reason: verdict.reason };
  // To the handle the first DM was written for, as every step of the plan.
  const contact = { ...facts.contact, username: previous.username };
  const text = await stepText(ports, verdict.step, contact, first.videoId);
  if (text === null) return { kind: 'stopped', reason: 'not_renderable' };
  const draft = newOutreachItem(
    r.accountId,
    {
      kind: 'campaign',
      businessKey: `${businessKeyOf({ kind: 'campaign', contactId: first.contactId, campaign: first.campaign, source: '' })}:step${r.step}`,
      contact,
      text,
      priority: first.priority,
      scheduledAt: null,
      campaign: first.campaign,
      template: verdict.step.template,
      videoId: first.videoId,
      notifyWorkflowId: r.workflowId,
      requestId: null,
    },
    // The step before it was sent, so approved or not needing approval: this one needs none.
    'none',
  );
  const item = {
    ...draft,
    step: r.step,
    parentItemId: previous.id,
    templateId: verdict.step.templateId,
    templateVersion: verdict.step.templateVersion,
  };
  const [stored] = (await ports.outreach.enqueue(r.accountId, [item])).items;
  if (!stored) throw new UseCaseFailure('DB_INVALID', 'the follow-up was not stored');
  if (stored.created) await ports.senders.wakeSender(r.accountId, `follow-up ${r.step}`);
  const s = stored.item;
  return {
    kind: 'queued',
    outcome: { itemId: s.id, status: s.status, outcome: s.outcome, error: s.lastError, sentAt: s.sentAt },
  };
}

async function itemOrFail(ports: Pick<FollowUpPorts, 'outreach'>, id: string): Promise<OutreachItem> {
  const row = await ports.outreach.get(id);
  if (!row) throw new UseCaseFailure('ITEM_NOT_FOUND', `no outreach item ${id}`);
  return row.item;
}

/**
 * The step's text for this contact, by the same renderer as any DM; null when it cannot be written
 * (a template naming a video that is gone): the plan stops rather than send a broken DM.
 */
async function stepText(
  ports: Pick<FollowUpPorts, 'videos'>,
  step: FollowUpStep,
  contact: { displayName: string | null; username: string },
  videoId: string | null,
): Promise<string | null> {
  let video: VideoFacts | null = null;
  if (step.template !== null && videoId !== null) {
    const found = await shareableVideoFor(ports.videos, videoId);
    video = found.ok ? videoFacts(found.video) : null;
  }
  const rendered = renderDm(
    step.template !== null ? { template: step.template } : { text: step.text ?? '' },
    contact,
    video,
  );
  return rendered.ok ? rendered.text : null;
}
