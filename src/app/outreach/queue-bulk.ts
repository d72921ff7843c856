import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import type { OutreachStatus } from '../../domain/outreach';
import { canTransition } from '../../domain/outreach-transitions';

/**
 * Approving or rejecting many DMs at once (POST /api/outreach/approve, /reject): the items named,
 * or a campaign's items still waiting, at most MAX_BULK per call. One statement moves them all,
 * each under the same guard as a single decision, and a bulk approval takes only items never
 * approved, so two people (or two tabs) approving the same items approve each exactly once.
 */

export const MAX_BULK = 500;

export type BulkDecision = 'approve' | 'reject';
export type BulkResult = 'approved' | 'rejected' | 'not_found' | 'not_waiting' | 'already_approved';

export interface BulkOutcome {
  id: string;
  result: BulkResult;
  /** The item's status after the call, when this call did not move it. */
  status?: OutreachStatus;
}

export interface BulkPorts {
  outreach: Pick<OutreachRepository, 'decideMany' | 'movableInCampaign'>;
  senders: { queueChanged(accountId: string): Promise<void> };
  now: () => number;
}

export type BulkTarget = { ids: string[] } | { campaign: string };

/** Each id's outcome, in the order asked (each id once); `more`: the campaign has items past this call's MAX_BULK. */
export async function decideMany(
  ports: BulkPorts,
  accountId: string,
  target: BulkTarget,
  decision: BulkDecision,
  by: string | null,
): Promise<{ results: BulkOutcome[]; more: boolean }> {
  const unapproved = decision === 'approve';
  let ids: string[];
  let more = false;
  if ('ids' in target) ids = [...new Set(target.ids)].slice(0, MAX_BULK);
  else {
    ids = await ports.outreach.movableInCampaign(accountId, target.campaign, decision, unapproved, MAX_BULK + 1);
    more = ids.length > MAX_BULK;
    ids = ids.slice(0, MAX_BULK);
  }
  if (ids.length === 0) return { results: [], more };
  const note = { reason: decision === 'approve' ? 'approved' : 'rejected', by, bulk: true };
  const fields = unapproved ? { approved_at: new Date(ports.now()).toISOString() } : undefined;
  const { found, moved } = await ports.outreach.decideMany(accountId, ids, decision, { unapproved, fields, note });
  const byId = new Map(found.map((f) => [f.id, f]));
  const done = new Set(moved);
  const results = ids.map((id): BulkOutcome => {
    if (done.has(id)) return { id, result: decision === 'approve' ? 'approved' : 'rejected' };
    const f = byId.get(id);
    if (!f) return { id, result: 'not_found' };
    if (decision === 'approve' && f.approved && canTransition('approve', f.status))
      return { id, result: 'already_approved', status: f.status };
    return { id, result: 'not_waiting', status: f.status };
  });
  if (unapproved && done.size > 0) await ports.senders.queueChanged(accountId);
  return { results, more };
}
