import { interleaveThreads, planMessageMerge, type MergeMessage, type MessageMergePlan } from './contact-merge';
import { PENDING_STATUSES, type OutreachStatus } from './outreach';
import { CONTACTING_STATUSES, isReserved } from './outreach-transitions';

/**
 * What a merge of two contacts may do, decided before anything is written (the database then
 * checks that both contacts' DMs are still as they were read). A merge joins one person's two
 * contacts; it must never turn one person's DM into another's:
 * - Two different handles are two Instagram accounts: refused unless the caller says the person
 *   changed their handle. Even then the absorbed contact's waiting DMs are cancelled, not moved (a
 *   DM goes only to the handle it was written for), and both threads are kept whole: the message
 *   de-duplication is for one thread stored twice, not for two threads.
 * - No DM of either contact may be going out (`sending`): its reservation is the sender's, and the
 *   merge waits until it has settled rather than move it or rewrite the thread it will be stored in.
 * - A waiting DM moves to the survivor only if it is addressed to the survivor's handle (it is never
 *   re-addressed), and only if the survivor has no DM of the same text or campaign already.
 * - One person, one opt-out: if either contact opted out, the person did, and every waiting DM of
 *   both is cancelled, as opting out cancels them.
 * DMs that reached an end (sent, failed, …) follow the survivor as its history, unchanged.
 */

export interface MergeItem {
  id: string;
  status: OutreachStatus;
  username: string;
  textKey: string;
  campaign: string | null;
}
export interface MergeSideFacts {
  contactId: string;
  username: string | null;
  optedOut: boolean;
  messages: MergeMessage[];
  items: MergeItem[];
}

export type MergeRefusal =
  | { reason: 'handles_differ'; survivorHandle: string; absorbedHandle: string }
  | { reason: 'sending'; itemIds: string[] };

export type CancelReason = 'merged_into_other_handle' | 'merged_duplicate' | 'opted_out';
export interface Cancellation {
  id: string;
  reason: CancelReason;
}

export interface MergePlan {
  messages: MessageMergePlan;
  /** Two different handles joined, on the caller's word that it is a handle change. */
  handleChanged: boolean;
  /** The absorbed contact's waiting DMs that follow the survivor, unchanged. */
  moved: string[];
  cancelled: Cancellation[];
  /** Every DM of both contacts with the status it was read in: the write refuses if one changed. */
  expected: { id: string; status: OutreachStatus }[];
}

/** Statuses of a survivor DM that already is (or will be) the person's DM of that text or campaign. */
const counts = (s: OutreachStatus) => CONTACTING_STATUSES.includes(s);

export function planMerge(
  survivor: MergeSideFacts,
  absorbed: MergeSideFacts,
  handleChanged: boolean,
): { plan: MergePlan } | { refused: MergeRefusal } {
  const differ = !!survivor.username && !!absorbed.username && survivor.username !== absorbed.username;
  if (differ && !handleChanged)
    return {
      refused: { reason: 'handles_differ', survivorHandle: survivor.username!, absorbedHandle: absorbed.username! },
    };
  const sending = [...survivor.items, ...absorbed.items].filter((i) => isReserved(i.status)).map((i) => i.id);
  if (sending.length > 0) return { refused: { reason: 'sending', itemIds: sending } };

  const handle = survivor.username ?? absorbed.username;
  const held = survivor.items.filter((i) => counts(i.status));
  const moved: string[] = [];
  const cancelled: Cancellation[] = [];
  const waiting = (side: MergeSideFacts) => side.items.filter((i) => PENDING_STATUSES.includes(i.status));
  const optedOut = survivor.optedOut || absorbed.optedOut;
  if (optedOut) for (const item of waiting(survivor)) cancelled.push({ id: item.id, reason: 'opted_out' });
  for (const item of waiting(absorbed)) {
    if (optedOut) cancelled.push({ id: item.id, reason: 'opted_out' });
    else if (item.username !== handle) cancelled.push({ id: item.id, reason: 'merged_into_other_handle' });
    else if (held.some((j) => j.textKey === item.textKey || (item.campaign !== null && j.campaign === item.campaign))) {
      cancelled.push({ id: item.id, reason: 'merged_duplicate' });
    } else moved.push(item.id);
  }
  const messages = differ
    ? interleaveThreads(survivor.messages, absorbed.messages)
    : planMessageMerge(survivor.messages, absorbed.messages);
  const expected = [...survivor.items, ...absorbed.items].map((i) => ({ id: i.id, status: i.status }));
  return { plan: { messages, handleChanged: differ, moved, cancelled, expected } };
}

/** What an item's history and error say about a cancellation (the survivor's handle named). */
export function cancellationNote(c: Cancellation, survivor: { contactId: string; username: string | null }) {
  const to = survivor.username ? `@${survivor.username}` : 'another contact';
  const error =
    c.reason === 'merged_into_other_handle'
      ? `merged into ${to}, another handle: a DM goes only to the handle it was written for`
      : c.reason === 'opted_out'
        ? `merged with a contact of the same person who opted out (${to})`
        : 'duplicate after contacts were merged';
  return {
    id: c.id,
    error,
    detail: {
      reason: c.reason,
      survivorId: survivor.contactId,
      ...(survivor.username ? { handle: survivor.username } : {}),
    },
  };
}
