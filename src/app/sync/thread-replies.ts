import type {
  InboxRepository,
  NewMessageInput,
  SentDm,
  ThreadReadOutcome,
  ThreadReply,
} from '../../adapters/db/inbox-repository';
import { contactReplied } from '../../domain/contact-events';
import type { Read } from './thread-reading';
import { isUnderstood, type Understood } from './thread-understanding';

/**
 * contact.replied (issue 23 §5): the first message someone wrote after the latest DM we sent them.
 * Decided here from that DM, read for the whole batch in one request; the write marks the DM as
 * replied and writes the event only if nothing marked it before, so a DM is answered once however
 * often the thread is read.
 */
export async function repliesTo(
  inbox: Pick<InboxRepository, 'latestSentDms'>,
  accountId: string,
  reads: Read[],
  outcomes: ThreadReadOutcome[],
  nowMs: number,
): Promise<ThreadReply[]> {
  const writing = outcomes.flatMap((o, i) =>
    'error' in o || !o.messages.some(isUnderstood) ? [] : [{ outcome: o, read: reads[i]! }],
  );
  if (writing.length === 0) return [];
  const dms = new Map(
    (await inbox.latestSentDms(accountId, [...new Set(writing.map((w) => w.read.thread.contactId))])).map((d) => [
      d.contactId,
      d,
    ]),
  );
  const at = new Date(nowMs).toISOString();
  return writing.flatMap(({ outcome, read }): ThreadReply[] => {
    const dm = dms.get(read.thread.contactId);
    const reply = dm ? firstReply(dm, outcome.messages, read.gap) : null;
    if (!dm || !reply) return [];
    const c = read.thread.contact;
    const event = contactReplied(
      { id: c.id, username: c.username, displayName: c.display_name },
      {
        itemId: dm.itemId,
        campaign: dm.campaign,
        messageId: reply.id,
        intent: { intent: reply.intent, reason: reply.intentReason },
        at: reply.sentAt ?? at,
      },
    );
    return [{ conversationId: outcome.conversationId, itemId: dm.itemId, messageId: reply.id, event }];
  });
}

/**
 * Their first new message after the DM. A sent DM is stored in its thread when it settles, so what
 * a read appends comes after it, unless the read did not meet the stored tail (a gap): then only
 * what follows the last message we wrote counts. A time Instagram showed must be after the DM's.
 */
export function firstReply(dm: SentDm, appended: NewMessageInput[], gap: boolean): Understood | null {
  if (dm.repliedAt !== null) return null;
  const lastOurs = gap ? appended.findLastIndex((m) => m.isOutbound) : -1;
  const sentMs = Date.parse(dm.sentAt);
  for (const m of appended.slice(lastOurs + 1)) {
    if (isUnderstood(m) && (m.sentAt === null || Date.parse(m.sentAt) > sentMs)) return m;
  }
  return null;
}
