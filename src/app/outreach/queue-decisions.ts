import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import type { OutreachItem } from '../../domain/outreach';
import { Refused } from '../refusal';

/**
 * A person's decisions on one queued DM: approve, reject or cancel it. Each is a move of the
 * transition table (domain/outreach-transitions.ts), applied only from the statuses the table
 * allows; an item that has moved on meanwhile is a conflict, never overwritten.
 */

export interface DecisionPorts {
  outreach: Pick<OutreachRepository, 'get' | 'transition'>;
  /** The API's coalescing sender control (it wakes through the one SenderWaker). */
  senders: { queueChanged(accountId: string): Promise<void> };
  now: () => number;
}

export type Decision = 'approve' | 'reject' | 'cancel';

const PAST: Record<Decision, string> = { approve: 'approved', reject: 'rejected', cancel: 'cancelled' };

/** The item, or NOT_FOUND. */
export async function queuedItem(ports: Pick<DecisionPorts, 'outreach'>, id: string): Promise<OutreachItem> {
  const row = await ports.outreach.get(id);
  if (!row) throw new Refused('NOT_FOUND', 'No outreach item with that id');
  return row.item;
}

/** Applies the decision (recording who made it); an approved DM wakes its account's sender. */
export async function decideItem(ports: DecisionPorts, id: string, decision: Decision, by: string | null) {
  const item = await queuedItem(ports, id);
  const moved =
    decision === 'approve'
      ? await ports.outreach.transition(item.id, {
          move: 'approve',
          fields: { approved_at: new Date(ports.now()).toISOString() },
          note: { reason: 'approved', by },
        })
      : await ports.outreach.transition(item.id, {
          move: decision,
          note: { reason: decision === 'cancel' ? 'cancelled by hand' : 'rejected', by },
        });
  if (!moved.applied || !moved.item)
    throw new Refused(
      'CONFLICT',
      `The item is ${moved.item?.status ?? item.status}; only a DM still waiting can be ${PAST[decision]}`,
    );
  if (decision === 'approve') await ports.senders.queueChanged(item.accountId);
  return moved.item;
}
