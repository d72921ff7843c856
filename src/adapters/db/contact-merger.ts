import type { Evidence } from '../../domain/identity-facts';
import { survivingFields } from '../../domain/contact-merge';
import { cancellationNote, planMerge, type MergeRefusal } from '../../domain/merge-rules';
import { staleScores } from '../../domain/rescoring';
import type { ScoreWeights } from '../../domain/scoring';
import type { IdentityRepository, MergeWrite } from './identity-repository';
import type { ScoreRepository } from './score-repository';

/**
 * One merge, as the sync and `POST /api/contacts/:id/merge` both do it: read both contacts (their
 * threads and DMs), plan it (domain: merge-rules.ts), write it all in one transaction, then rescore
 * the survivor. A thread that grew or a DM that moved on between the read and the write makes the
 * write refuse; it is planned again from a fresh read.
 */

export interface MergerPorts {
  identity: IdentityRepository;
  scores: ScoreRepository;
  scoreWeights: ScoreWeights;
  now: () => number;
}

export interface MergeRequest {
  survivorId: string;
  absorbedId: string;
  evidence: Evidence;
  detail: Record<string, string>;
  by: 'sync' | 'user';
  /** The caller's word that two different handles are one person who changed handle (by hand only). */
  handleChanged?: boolean;
}

export type MergeResult =
  | (Extract<MergeWrite, { merged: true }> & { outreachMoved: number; handleChanged: boolean })
  | Extract<MergeWrite, { merged: false }>
  | ({ merged: false } & MergeRefusal);

const ATTEMPTS = 3;
/** As many messages as scoring reads elsewhere (the API's RECENT_MESSAGES). */
const SCORED_MESSAGES = 50;

export async function mergeContacts(
  ports: MergerPorts,
  accountId: string,
  request: MergeRequest,
): Promise<MergeResult> {
  let result: MergeResult = { merged: false, reason: 'changed' };
  for (let attempt = 0; attempt < ATTEMPTS && !result.merged && result.reason === 'changed'; attempt++) {
    result = await attemptMerge(ports, accountId, request);
  }
  if (result.merged) await rescore(ports, accountId, result.survivorId);
  return result;
}

async function attemptMerge(ports: MergerPorts, accountId: string, request: MergeRequest): Promise<MergeResult> {
  const sides = await ports.identity.mergeInputs(accountId, [request.survivorId, request.absorbedId]);
  const survivor = sides.find((s) => s.contactId === request.survivorId);
  const absorbed = sides.find((s) => s.contactId === request.absorbedId);
  if (!survivor || !absorbed) return { merged: false, reason: 'not_found' };
  const planned = planMerge(survivor, absorbed, request.handleChanged ?? false);
  if ('refused' in planned) return { merged: false, ...planned.refused };
  const { plan } = planned;
  const detail = {
    ...request.detail,
    ...(plan.messages.gap ? { gap: 'no messages in common' } : {}),
    ...(plan.handleChanged
      ? { handleChanged: 'true', fromHandle: absorbed.username!, toHandle: survivor.username! }
      : {}),
  };
  const order = new Set(plan.messages.order);
  const kept = [...survivor.messages, ...absorbed.messages].filter((m) => order.has(m.id));
  const written = await ports.identity.merge(accountId, {
    ...request,
    detail,
    order: plan.messages.order,
    fields: survivingFields(survivor.fields, absorbed.fields, kept),
    expected: {
      survivor: survivor.messages.length,
      absorbed: absorbed.messages.length,
      items: plan.expected,
      survivorAt: survivor.updatedAt,
      absorbedAt: absorbed.updatedAt,
    },
    cancel: plan.cancelled.map((c) => cancellationNote(c, survivor)),
  });
  return written.merged ? { ...written, outreachMoved: plan.moved.length, handleChanged: plan.handleChanged } : written;
}

async function rescore(ports: MergerPorts, accountId: string, contactId: string): Promise<void> {
  const [row] = await ports.scores.byIds(accountId, [contactId]);
  if (!row) return;
  const messages = (await ports.scores.recentMessages([contactId], SCORED_MESSAGES)).get(contactId) ?? [];
  const updates = staleScores([{ ...row, messages }], ports.now(), ports.scoreWeights);
  await ports.scores.record(accountId, updates, 'merge');
}
