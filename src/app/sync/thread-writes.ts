import { Context } from '@temporalio/activity';
import { normalizeUsername } from '../../domain/contact-fields';
import { toScoringRow } from '../../adapters/db/score-repository';
import { staleScores, type ScoreUpdate } from '../../domain/rescoring';
import type { ThreadBatchRequest, ThreadBatchResult } from '../../workflows/definitions';
import type { ActivityDeps } from '../../activities/deps';
import { safariOf } from '../../activities/account-safari';
import { coded } from '../../activities/failures';
import { safariFailure } from '../../activities/safari-failures';
import { withOptOuts } from './thread-opt-outs';
import { readThreads, threadMessages, type Read } from './thread-reading';

/**
 * Stored messages handed to the merge: three read windows, since HEAD's reader skips repeats and
 * so its window of N messages can reach further back than the last N stored ones.
 */
const TAIL_FACTOR = 3;
/** Threads per write inside a batch: the next chunk is read while the last one is written. */
const CHUNK = 50;

export type Counts = Omit<ThreadBatchResult, 'claimed'>;
const NONE: Counts = { read: 0, failed: 0, gaps: 0, messagesAdded: 0, messageEvents: 0, scoresChanged: 0, conflicts: 0, threads: [] };

/**
 * Sync step 2, one batch: claim queued threads, read each through Safari (one at a time, the host
 * lock guarantees it), merge each read into its stored tail, write and rescore chunk by chunk —
 * each chunk's write overlapping the next chunk's reads. If Safari fails in a way worth retrying,
 * what was read is written first and reported in the failure's details; the workflow counts it,
 * waits, and calls again with the same claim token, which continues where this attempt stopped.
 */
export function createThreadBatchActivities(deps: ActivityDeps) {
  return {
    async readThreadBatch(req: ThreadBatchRequest): Promise<ThreadBatchResult> {
      const ctx = Context.current();
      const contactIds = req.usernames
        ? (await coded(() => deps.inbox.identitiesByUsernames(req.accountId, req.usernames!.map(normalizeUsername)))).map((k) => k.id)
        : null;
      // The account's own Safari server (another account may be driven by another Mac).
      const { client: safari } = await coded(() => safariOf(deps, req.accountId));
      const claimed = await coded(() => deps.inbox.claimThreads(req.accountId, req.token, req.batchSize, req.readLimit * TAIL_FACTOR, contactIds));
      let total = NONE;
      let writing: Promise<Counts> = Promise.resolve(NONE);
      const options = { signal: ctx.cancellationSignal, onProgress: () => ctx.heartbeat(), beforeEach: () => ctx.heartbeat() };
      for (let start = 0; start < claimed.length; start += CHUNK) {
        const { reads, retryable } = await readThreads(safari, claimed.slice(start, start + CHUNK), req.readLimit, options);
        total = add(total, await writing);
        if (retryable) {
          // Keep what was read (the retry re-claims only the rest) and report it with the failure.
          const partial = { claimed: claimed.length, ...add(total, await write(deps, req, reads)) };
          throw safariFailure(retryable, [partial]);
        }
        writing = settled(write(deps, req, reads));
      }
      return { claimed: claimed.length, ...add(total, await writing) };
    },
  };
}

/** A write started now and awaited later must not surface as an unhandled rejection meanwhile. */
function settled(p: Promise<Counts>): Promise<Counts> {
  p.catch(() => undefined); // observed here; the later `await` still throws the failure
  return p;
}

/** The ports a write of merged reads needs: the import of the original server's tables uses it too. */
export type ReadWritePorts = Pick<ActivityDeps, 'inbox' | 'now' | 'scoreWeights'>;

/**
 * Writes merged reads under a claim, with the scores of the contacts whose threads grew and the
 * opt-outs their new messages ask for (a backfill's too), in one transaction.
 */
export async function write(deps: ReadWritePorts, req: Pick<ThreadBatchRequest, 'accountId' | 'token'>, reads: Read[], source: 'sync' | 'import' = 'sync'): Promise<Counts> {
  if (reads.length === 0) return NONE;
  return coded(async () => {
    const scores = scoresForGrown(deps, reads);
    const { outcomes, optOuts } = withOptOuts(reads, deps.now(), source);
    const applied = await deps.inbox.applyThreadReads(req.accountId, req.token, outcomes, scores, optOuts);
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
  });
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
      const latest = r.appended.length ? lastMessageAt(row.contact.lastMessageAt, r.appended, nowMs) : row.contact.lastMessageAt;
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

function add(a: Counts, b: Counts): Counts {
  return {
    read: a.read + b.read, failed: a.failed + b.failed, gaps: a.gaps + b.gaps, messagesAdded: a.messagesAdded + b.messagesAdded,
    messageEvents: a.messageEvents + b.messageEvents, scoresChanged: a.scoresChanged + b.scoresChanged,
    conflicts: a.conflicts + b.conflicts, threads: [...a.threads, ...b.threads],
  };
}
