import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import type { OutreachItem } from '../../domain/outreach';
import { Refused } from '../refusal';
import { checkedEdit, type EditPorts } from './approval-edit';

/**
 * A person's decisions on one queued DM: approve (optionally with an edited text), reject or
 * cancel it. Each is a move of the transition table (domain/outreach-transitions.ts), applied only
 * from the statuses the table allows; an item that has moved on meanwhile is a conflict, never
 * overwritten.
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
  return afterMove(ports, item, decision, moved);
}

/**
 * Approves the DM with the person's text instead of the queued one: the new text (checked as any
 * DM, see approval-edit.ts) and its key replace the old ones in the same guarded move, and the
 * item's history keeps both texts and the key that approved it.
 */
export async function approveEdited(
  ports: DecisionPorts & EditPorts & { outreach: DecisionPorts['outreach'] & EditPorts['outreach'] },
  id: string,
  text: string,
  by: string | null,
) {
  const item = await queuedItem(ports, id);
  const edit = await checkedEdit(ports, item, text);
  const edited = edit.text !== item.text;
  const moved = await ports.outreach.transition(item.id, {
    move: 'approve',
    fields: {
      approved_at: new Date(ports.now()).toISOString(),
      ...(edited ? { text: edit.text, text_key: edit.textKey } : {}),
    },
    note: edited
      ? { reason: 'approved', by, edited: true, previous_text: item.text, text: edit.text }
      : { reason: 'approved', by },
  });
  return afterMove(ports, item, 'approve', moved);
}

async function afterMove(
  ports: Pick<DecisionPorts, 'senders'>,
  item: OutreachItem,
  decision: Decision,
  moved: Awaited<ReturnType<DecisionPorts['outreach']['transition']>>,
) {
  if (!moved.applied || !moved.item)
    throw new Refused(
      'CONFLICT',
      `The item is ${moved.item?.status ?? item.status}; only a DM still waiting can be ${PAST[decision]}`,
    );
  if (decision === 'approve') await ports.senders.queueChanged(item.accountId);
  return moved.item;
}
