import { randomUUID } from 'node:crypto';
import type { ThreadOptOut, ThreadReadOutcome } from '../../adapters/db/inbox-types';
import { optOutInEarlierPart, optOutByMessage, optOutRequest } from '../../domain/opt-out-changes';
import type { Read } from './thread-reading';

/**
 * The opt-outs that the messages about to be stored ask for (src/domain/opt-out-changes.ts decides
 * which), at most one per thread. The message that asked is given its id here, so the opt-out
 * written in the same transaction can name it.
 */
export function withOptOuts(
  reads: Read[],
  nowMs: number,
  source: 'sync' | 'import',
): { outcomes: ThreadReadOutcome[]; optOuts: ThreadOptOut[] } {
  const optOuts: ThreadOptOut[] = [];
  const at = new Date(nowMs).toISOString();
  const outcomes = reads.map((r): ThreadReadOutcome => {
    if ('error' in r.outcome) return r.outcome;
    const c = r.thread.contact;
    const state = { optedOut: c.opted_out, optedInAt: c.opted_in_at };
    const contact = { id: c.id, username: c.username, display_name: c.display_name };
    const found = optOutRequest(r.outcome.messages, state);
    if (!found) {
      const unstored = optOutInEarlierPart(r.earlier.map(toThreadMessage), state);
      if (unstored)
        optOuts.push({
          conversationId: r.thread.conversationId,
          change: optOutByMessage(contact, unstored.match, null, at, source),
        });
      return r.outcome;
    }
    const id = randomUUID();
    optOuts.push({
      conversationId: r.thread.conversationId,
      change: optOutByMessage(contact, found.match, id, at, source),
    });
    return { ...r.outcome, messages: r.outcome.messages.map((m, i) => (i === found.index ? { ...m, id } : m)) };
  });
  return { outcomes, optOuts };
}

const toThreadMessage = (m: Read['earlier'][number]) => ({
  text: m.text,
  isOutbound: m.isOutbound,
  sentAt: m.sentAt ?? null,
});
