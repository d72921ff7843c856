import { toScoringRow } from '../../adapters/db/score-repository';
import { staleScores, type ScoreUpdate } from '../../domain/rescoring';
import type { ThreadBatchRequest, ThreadBatchResult } from '../../contracts/sync';
import type { InboxRepository } from '../../adapters/db/inbox-repository';
import type { ScoreWeights } from '../../domain/scoring';
import { withMessageEvents } from './thread-events';
import { withOptOuts } from './thread-opt-outs';
import { repliesTo } from './thread-replies';
import { contactChanges, withIntents } from './thread-understanding';
import { threadMessages, type Read } from './thread-reading';

/** Writing what a sync (or the import of the original server's tables) read of its threads. */

export type Counts = Omit<ThreadBatchResult, 'claimed'>;
export const NONE: Counts = {
  read: 0,
  failed: 0,
  gaps: 0,
  messagesAdded: 0,
  messageEvents: 0,
  scoresChanged: 0,
  conflicts: 0,
  threads: [],
};

/** The ports a write of merged reads needs: the import of the original server's tables uses it too. */
export interface ReadWritePorts {
  inbox: Pick<InboxRepository, 'applyThreadReads' | 'latestSentDms'>;
  now: () => number;
  scoreWeights: ScoreWeights;
}

/**
 * Writes merged reads under a claim, with the scores of the contacts whose threads grew, the
 * opt-outs their new messages ask for (a backfill's too), each inbound message's intent, what it
 * teaches about its writer and the DM it answers, in one transaction.
 */
export async function write(
  deps: ReadWritePorts,
  req: Pick<ThreadBatchRequest, 'accountId' | 'token'>,
  reads: Read[],
  source: 'sync' | 'import' = 'sync',
): Promise<Counts> {
  if (reads.length === 0) return NONE;
  const scores = scoresForGrown(deps, reads);
  const opted = withOptOuts(reads, deps.now(), source);
  const outcomes = withMessageEvents(reads, withIntents(opted.outcomes), deps.now());
  const contacts = contactChanges(reads, outcomes, deps.now());
  const replies = await repliesTo(deps.inbox, req.accountId, reads, outcomes, deps.now());
  const applied = await deps.inbox.applyThreadReads(req.accountId, req.token, outcomes, scores, opted.optOuts, {
    contacts,
    replies,
  });
  const grown = new Set(applied.applied);
  return {
    read: reads.length - applied.failed,
    failed: applied.failed,
    gaps: reads.filter((r) => r.gap && grown.has(r.thread.conversationId)).length,
    messagesAdded: applied.messagesAdded,
    messageEvents: applied.eventsEmitted,
    scoresChanged: applied.scoreChanged,
    conflicts: applied.conflicts,
    threads: reads.map((r) => r.summary),
  };
}

/**
 * Scores of the contacts whose threads grew (or that were never scored: an empty thread still
 * earns a first score), from the contact row claimed with the thread and the messages in hand
 * (stored tail + appended); the write keeps only those actually applied.
 */
function scoresForGrown(deps: ReadWritePorts, reads: Read[]): ScoreUpdate[] {
  const nowMs = deps.now();
  const entries = reads
    .filter((r) => r.appended.length > 0 || (r.thread.contact.relationship_score === null && !('error' in r.outcome)))
    .map((r) => {
      const row = toScoringRow(r.thread.contact);
      const latest = r.appended.length
        ? lastMessageAt(row.contact.lastMessageAt, r.appended, nowMs)
        : row.contact.lastMessageAt;
      const contact = { ...row.contact, lastMessageAt: latest };
      return { ...row, contact, messages: threadMessages(r) };
    });
  return staleScores(entries, nowMs, deps.scoreWeights);
}

/** What the write will store: the latest of the old value and the new messages' times (or now). */
function lastMessageAt(previous: string | null, appended: Read['appended'], nowMs: number): string {
  const times = appended.map((m) => (m.sentAt ? Date.parse(m.sentAt) : nowMs));
  const latest = Math.max(previous ? Date.parse(previous) : 0, ...times);
  return new Date(latest).toISOString();
}

export function add(a: Counts, b: Counts): Counts {
  return {
    read: a.read + b.read,
    failed: a.failed + b.failed,
    gaps: a.gaps + b.gaps,
    messagesAdded: a.messagesAdded + b.messagesAdded,
    messageEvents: a.messageEvents + b.messageEvents,
    scoresChanged: a.scoresChanged + b.scoresChanged,
    conflicts: a.conflicts + b.conflicts,
    threads: [...a.threads, ...b.threads],
  };
}
