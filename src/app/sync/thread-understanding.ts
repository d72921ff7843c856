import { randomUUID } from 'node:crypto';
import type { NewMessageInput, ThreadContactChange, ThreadReadOutcome } from '../../adapters/db/inbox-types';
import { classifyIntent, type Intent } from '../../domain/intents';
import { learnFromMessage } from '../../domain/learned-facts';
import { learnedWrites } from './learned-plan';
import type { Read } from './thread-reading';

/**
 * What the messages about to be stored mean (issue 23 §2, §3): each inbound one gets its intent and
 * the phrase that decided it, and an id here (kept if an opt-out already named it) so what it
 * teaches about its writer can cite it; its contact gets the newest one's intent and what they
 * said about themselves, written in the same transaction as the messages.
 */

export type Understood = NewMessageInput & { id: string; intent: Intent; intentReason: string };
export const isUnderstood = (m: NewMessageInput): m is Understood =>
  !m.isOutbound && m.id !== undefined && m.intent !== undefined;

export function withIntents(outcomes: ThreadReadOutcome[]): ThreadReadOutcome[] {
  return outcomes.map((o) => {
    if ('error' in o) return o;
    const messages = o.messages.map((m): NewMessageInput => {
      if (m.isOutbound) return m;
      const { intent, reason } = classifyIntent(m.text);
      return { ...m, id: m.id ?? randomUUID(), intent, intentReason: reason };
    });
    return { ...o, messages };
  });
}

/** Per applied-to-be thread with new inbound messages: its contact's last intent and learned values. */
export function contactChanges(reads: Read[], outcomes: ThreadReadOutcome[], nowMs: number): ThreadContactChange[] {
  const at = new Date(nowMs).toISOString();
  return outcomes.flatMap((o, i): ThreadContactChange[] => {
    if ('error' in o) return [];
    const inbound = o.messages.filter(isUnderstood);
    const newest = inbound.at(-1);
    if (!newest) return [];
    const taught = inbound.map((m) => ({
      messageId: m.id,
      learnedAt: m.sentAt ?? at,
      facts: learnFromMessage(m.text),
    }));
    return [
      {
        conversationId: o.conversationId,
        lastIntent: newest.intent,
        lastRepliedAt: newest.sentAt ?? at,
        learned: learnedWrites(reads[i]!.thread.contact, taught),
      },
    ];
  });
}
