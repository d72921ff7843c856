import { planMessageMerge } from '../../domain/contact-merge';
import type { Evidence } from '../../domain/identity-facts';
import { staleScores } from '../../domain/rescoring';
import type { ScoreWeights } from '../../domain/scoring';
import type { IdentityRepository, MergeResult } from './identity-repository';
import type { ScoreRepository } from './score-repository';

/**
 * One merge, as the sync and `POST /api/contacts/:id/merge` both do it: read both threads, plan
 * the message order (domain), write it all in one transaction, then rescore the survivor. A
 * thread that grew between the read and the write makes the write refuse; it is planned again.
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
}

const ATTEMPTS = 3;
/** As many messages as scoring reads elsewhere (the API's RECENT_MESSAGES). */
const SCORED_MESSAGES = 50;

export async function mergeContacts(ports: MergerPorts, accountId: string, request: MergeRequest): Promise<MergeResult> {
  let result: MergeResult = { merged: false, reason: 'changed' };
  for (let attempt = 0; attempt < ATTEMPTS && !result.merged && result.reason === 'changed'; attempt++) {
    const sides = await ports.identity.mergeInputs(accountId, [request.survivorId, request.absorbedId]);
    const survivor = sides.find((s) => s.contactId === request.survivorId);
    const absorbed = sides.find((s) => s.contactId === request.absorbedId);
    if (!survivor || !absorbed) return { merged: false, reason: 'not_found' };
    const plan = planMessageMerge(survivor.messages, absorbed.messages);
    const detail = { ...request.detail, ...(plan.gap ? { gap: 'no messages in common' } : {}) };
    result = await ports.identity.merge(accountId, {
      ...request, detail, order: plan.order,
      expected: { survivor: survivor.messages.length, absorbed: absorbed.messages.length },
    });
  }
  if (result.merged) await rescore(ports, accountId, result.survivorId);
  return result;
}

async function rescore(ports: MergerPorts, accountId: string, contactId: string): Promise<void> {
  const [row] = await ports.scores.byIds(accountId, [contactId]);
  if (!row) return;
  const messages = (await ports.scores.recentMessages([contactId], SCORED_MESSAGES)).get(contactId) ?? [];
  const updates = staleScores([{ ...row, messages }], ports.now(), ports.scoreWeights);
  await ports.scores.record(accountId, updates, 'merge');
}
