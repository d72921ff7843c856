import type { ThreadReadOutcome } from '../../adapters/db/inbox-types';
import { toScoringRow } from '../../adapters/db/score-repository';
import { messageReceived } from '../../domain/contact-events';
import type { Read } from './thread-reading';
import { isUnderstood } from './thread-understanding';

/**
 * The news in what is about to be stored: each message they wrote in a thread read before gets
 * its message.received event, with its intent (a first read is the thread's history, not news),
 * written with the message in the same transaction if the read is applied.
 */
export function withMessageEvents(reads: Read[], outcomes: ThreadReadOutcome[], nowMs: number): ThreadReadOutcome[] {
  const observedAt = new Date(nowMs).toISOString();
  return outcomes.map((outcome, i) => {
    const thread = reads[i]!.thread;
    if ('error' in outcome || !thread.readBefore) return outcome;
    const contact = toScoringRow(thread.contact).contact;
    return {
      ...outcome,
      messages: outcome.messages.map((m, k) =>
        isUnderstood(m)
          ? {
              ...m,
              event: messageReceived(
                contact,
                {
                  conversationId: outcome.conversationId,
                  position: outcome.expectedCount + k,
                  text: m.text,
                  sentAt: m.sentAt,
                  intent: { intent: m.intent, reason: m.intentReason },
                },
                observedAt,
              ),
            }
          : m,
      ),
    };
  });
}
