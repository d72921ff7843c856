import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import type { ScoreRepository } from '../../adapters/db/score-repository';
import type { VideoRepository } from '../../adapters/mediaposter/video-repository';
import { normalizeUsername } from '../../domain/contact-fields';
import type { OutreachItem } from '../../domain/outreach';
import type { ScoreWeights } from '../../domain/scoring';
import type { DmOutcome, SendDmInput } from '../../contracts/sender';
import { upsertScored } from '../contacts/contact-scoring';
import { UseCaseFailure } from '../failure';
import { dmRefused } from '../refusal';
import { composeDm, dmContact, renderDm, type DmProblem, type DmRequest } from './dm-compose';
import { businessKeyOf, newOutreachItem, requestSource } from './outreach-items';
import type { TemplatePort } from './dm-template';

/**
 * A person's DM request. The API checks it (composeDm: a bad request is a 4xx and starts nothing)
 * and starts its workflow under the request's business key; the workflow's first activity queues
 * it durably as a direct item the sender will carry, with the text the API composed (the input
 * carries it; the contact is addressed again by the same rule when the item is queued).
 */

/** Ahead of queued and campaign items (50): a person is waiting for this one. */
export const DIRECT_PRIORITY = 100;

export interface DirectDmPorts extends TemplatePort {
  contacts: ContactRepository;
  videos: VideoRepository;
}

/** The request checked: its contact (by id from now on) and the ledger key a repeat of it finds. */
export async function checkDirectDm(
  ports: DirectDmPorts,
  accountId: string,
  req: Omit<DmRequest, 'accountId'>,
  idempotencyKey: string | undefined,
) {
  const composed = await composeDm(ports, { accountId, ...req });
  if (!composed.ok) throw dmRefused(composed.problem);
  const { contact, text, video, template } = composed.dm;
  const businessKey = businessKeyOf({
    kind: 'direct',
    contactId: contact.id,
    idempotencyKey,
    source: requestSource(req, template),
    videoId: req.videoId,
  });
  return {
    contactId: contact.id,
    businessKey,
    composed: { contactId: contact.id, text, videoId: video?.id ?? null, template },
  };
}

/** The original server's POST /api/dm/send went to any handle: the text checked, an unknown handle made a contact. */
export async function acceptHandleDm(
  ports: {
    contacts: Pick<ContactRepository, 'upsertContacts'>;
    scores: Pick<ScoreRepository, 'byUsernames' | 'recentMessages' | 'record'>;
  },
  accountId: string,
  username: string,
  text: string,
  scoring: { nowMs: number; weights: ScoreWeights },
): Promise<string> {
  const handle = normalizeUsername(username);
  const checked = renderDm({ text }, { username: handle, displayName: null }, null);
  if (!checked.ok) throw dmRefused(checked.problem);
  await upsertScored(ports, accountId, [{ username: handle }], scoring);
  return handle;
}

const outcomeOf = (item: OutreachItem): DmOutcome => ({
  itemId: item.id,
  status: item.status,
  outcome: item.outcome,
  error: item.lastError,
  sentAt: item.sentAt,
});

/** The workflow's step: composed from its request, queued as a direct item; a repeat finds the item it made. */
export async function queueDirectDm(
  ports: DirectDmPorts & { outreach: Pick<OutreachRepository, 'enqueue'> },
  input: SendDmInput,
  workflowId: string,
): Promise<DmOutcome> {
  const { contact, text, videoId, template } = await composedFor(ports, input);
  const item = newOutreachItem(
    input.accountId,
    {
      kind: 'direct',
      businessKey: input.businessKey,
      contact,
      text,
      priority: DIRECT_PRIORITY,
      scheduledAt: null,
      campaign: null,
      template: input.request.template ?? null,
      templateRef: template,
      videoId,
      notifyWorkflowId: workflowId,
      requestId: input.requestId ?? null,
      by: input.by ?? null,
    },
    'none',
  );
  const [stored] = (await ports.outreach.enqueue(input.accountId, [item])).items;
  if (!stored) throw new UseCaseFailure('DB_INVALID', 'the item was not stored');
  return outcomeOf(stored.item);
}

/**
 * The DM the API composed, addressed again by the same rule (the contact may have opted out or lost
 * its handle since); an input from before the API composed it is composed here.
 */
async function composedFor(ports: DirectDmPorts, input: SendDmInput) {
  if (input.composed) {
    const addressed = await dmContact(ports, input.accountId, input.composed.contactId);
    if (!addressed.ok) throw refusedStep(addressed.problem);
    const { text, videoId, template } = input.composed;
    return { contact: addressed.contact, text, videoId, template: template ?? null };
  }
  const composed = await composeDm(ports, { accountId: input.accountId, ...input.request });
  if (!composed.ok) throw refusedStep(composed.problem);
  const { contact, text, video, template } = composed.dm;
  return { contact, text, videoId: video?.id ?? null, template };
}

const refusedStep = (problem: DmProblem) =>
  new UseCaseFailure(`DM_${problem.code}`, problem.message, { details: problem });

export async function directDmOutcome(
  ports: { outreach: Pick<OutreachRepository, 'get'> },
  itemId: string,
): Promise<DmOutcome> {
  const row = await ports.outreach.get(itemId);
  if (!row) throw new UseCaseFailure('ITEM_NOT_FOUND', `no outreach item ${itemId}`);
  return outcomeOf(row.item);
}
