import { outboxEvent, type OutboxEvent } from './events';
import { asksToStop, type OptOutMatch } from './opt-out';

/**
 * What opting a contact out (or back in) writes, decided here and stored in one transaction by
 * the database (crm_set_opt_out): the contact's opt-out fields, every DM still waiting for them
 * cancelled with this note and history, and the event. The same change whether their message
 * asked us to stop (the sync) or a person did it (the API, an import).
 */

export interface ContactRef {
  id: string;
  username: string | null;
  display_name: string | null;
}

export interface OptOutChange {
  contactId: string;
  optedOut: boolean;
  at: string;
  /** The phrase that matched their message, or 'manual'; null when opting back in. */
  reason: string | null;
  /** The stored message that asked; null when it was read but not stored (see optOutInEarlierPart). */
  messageId: string | null;
  by: 'message' | 'user';
  /** Each cancelled DM's error, and its history row. */
  note: string;
  detail: Record<string, unknown>;
  /** Written only if the contact's state changes. */
  event: OutboxEvent;
}

export function optOutByMessage(
  contact: ContactRef,
  match: OptOutMatch,
  messageId: string | null,
  at: string,
  source: 'sync' | 'import',
): OptOutChange {
  const id = messageId === null ? {} : { messageId };
  const event = outboxEvent('contact.opted_out', contact.id, {
    contact,
    reason: match.phrase,
    language: match.language,
    matched: match.matched,
    ...id,
    by: 'message',
    source,
    at,
  });
  const detail = { reason: 'opted_out', phrase: match.phrase, ...id, by: 'message' };
  return {
    contactId: contact.id,
    optedOut: true,
    at,
    reason: match.phrase,
    messageId,
    by: 'message',
    note: `opted out: they wrote "${match.matched}"`,
    detail,
    event,
  };
}

/** `key`: the name of the API key that asked (never the key), kept in the event and each cancelled DM's history. */
export function optOutByHand(
  contact: ContactRef,
  optedOut: boolean,
  at: string,
  source: 'api' | 'import',
  requestId?: string,
  key?: string,
): OptOutChange {
  const ids = { ...(requestId ? { requestId } : {}), ...(key ? { key } : {}) };
  const event = optedOut
    ? outboxEvent('contact.opted_out', contact.id, { contact, reason: 'manual', by: 'user', source, ...ids, at })
    : outboxEvent('contact.opted_in', contact.id, { contact, by: 'user', source, ...ids, at });
  const detail = { reason: 'opted_out', phrase: 'manual', by: 'user', ...ids };
  return {
    contactId: contact.id,
    optedOut,
    at,
    reason: optedOut ? 'manual' : null,
    messageId: null,
    by: 'user',
    note: 'opted out by hand',
    detail,
    event,
  };
}

/** The contact as the sync read it with the thread. */
export interface OptOutState {
  optedOut: boolean;
  /** When a person last opted them back in: what they wrote before that was answered by it. */
  optedInAt: string | null;
}

export interface ThreadMessage {
  text: string;
  isOutbound: boolean;
  sentAt: string | null;
}

/**
 * Which of the messages just stored asks us to stop: the latest inbound one that does. A backfill
 * (the first read of a thread) counts too: someone who asked us to stop in the past is not
 * messaged. Nothing when they are opted out already, and nothing written before they were opted
 * back in by hand: a re-read of old messages never undoes that (only messages stored now are
 * looked at, and one Instagram dates before the opt-in is old news).
 */
export function optOutRequest(
  messages: readonly ThreadMessage[],
  state: OptOutState,
): { index: number; match: OptOutMatch } | null {
  if (state.optedOut) return null;
  const optedInMs = state.optedInAt === null ? null : Date.parse(state.optedInAt);
  for (let index = messages.length - 1; index >= 0; index--) {
    const m = messages[index]!;
    if (m.isOutbound) continue;
    if (optedInMs !== null && m.sentAt !== null && Date.parse(m.sentAt) <= optedInMs) continue;
    const match = asksToStop(m.text);
    if (match) return { index, match };
  }
  return null;
}

/**
 * What a read showed before the part it appends is taken for stored already, and mostly is. Not
 * always: a thread whose stored messages are only our own DMs (our first DM went out before any
 * read) never stored what they wrote before it, and a message written between a read and our next
 * DM sits before that DM, where the merge's anchor takes it for stored (a read of `hi, DM, stop, DM`
 * against the stored `hi, DM, DM`). So the read's earlier messages are looked at too, for a request
 * to stop only: acting on an old one is the safe side, since one seen before would have opted them
 * out already. Not once a person opted them back in: those messages are never stored, so each read
 * would see the old "stop" again. (Named optOutBeforeOurs when migration …002900 mentioned it.)
 */
export function optOutInEarlierPart(
  earlier: readonly ThreadMessage[],
  state: OptOutState,
): { index: number; match: OptOutMatch } | null {
  if (state.optedInAt !== null) return null;
  return optOutRequest(earlier, state);
}
