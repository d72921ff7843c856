import { Context } from '@temporalio/activity';
import type { ClaimedThread, ThreadReadOutcome } from '../adapters/db/inbox-repository';
import type { SafariMessage } from '../adapters/safari/safari-client';
import { normalizeUsername } from '../domain/contact-fields';
import { staleScores } from '../domain/rescoring';
import { mergeThread, type ReadMessage } from '../domain/thread-merge';
import { MESSAGE_TYPES, type Message, type MessageType } from '../domain/types';
import type { ThreadBatchRequest, ThreadBatchResult, ThreadSummary } from '../workflows/definitions';
import type { ActivityDeps } from './deps';
import { coded } from './failures';
import { safariFailure } from './safari-failures';

/**
 * Stored messages handed to the merge: three read windows, since HEAD's reader skips repeats and
 * so its window of N messages can reach further back than the last N stored ones.
 */
const TAIL_FACTOR = 3;

/**
 * Sync step 2, one batch: claim queued threads, read each through Safari (one at a time, the
 * host lock guarantees it), merge each read into its stored tail, write all of it in one request,
 * then rescore the contacts whose threads grew. If Safari fails in a way worth retrying, what was
 * read is written first and reported in the failure's details; the workflow counts it, waits, and
 * calls again with the same claim token, which continues where this attempt stopped.
 */
export function createThreadBatchActivities(deps: ActivityDeps) {
  return {
    async readThreadBatch(req: ThreadBatchRequest): Promise<ThreadBatchResult> {
      const ctx = Context.current();
      const contactIds = req.usernames
        ? (await coded(() => deps.inbox.identitiesByUsernames(req.accountId, req.usernames!.map(normalizeUsername)))).map((k) => k.id)
        : null;
      const claimed = await coded(() => deps.inbox.claimThreads(req.accountId, req.token, req.batchSize, req.readLimit * TAIL_FACTOR, contactIds));
      const reads: Read[] = [];

      for (const thread of claimed) {
        ctx.heartbeat({ read: reads.length, of: claimed.length });
        const name = thread.listingName ?? thread.username ?? thread.displayName ?? '';
        const result = await deps.safari.readThread(name, req.readLimit, { signal: ctx.cancellationSignal, onProgress: () => ctx.heartbeat() });
        if (!result.ok && result.retrySafe) {
          // Keep what was read (the retry re-claims only the rest) and report it with the failure.
          const partial = { claimed: claimed.length, ...(await finish(deps, req, reads)) };
          throw safariFailure(result, [partial]);
        }
        if (!result.ok) {
          const error = `${result.code}: ${result.message}`;
          reads.push({ thread, gap: false, outcome: { conversationId: thread.conversationId, error }, appended: [], summary: { name, found: 0, saved: 0, error } });
          continue;
        }
        const merge = mergeThread(thread.tail, result.value.messages.map(toReadMessage));
        reads.push({
          thread,
          gap: merge.gap,
          appended: merge.append,
          outcome: { conversationId: thread.conversationId, expectedCount: thread.messageCount, messages: merge.append.map(toNewMessage) },
          summary: { name, found: result.value.messages.length, saved: merge.append.length },
        });
      }
      return { claimed: claimed.length, ...(await finish(deps, req, reads)) };
    },
  };
}

/** One thread's read; `gap` means the read did not overlap what was stored (messages may be missing between). */
type Read = { thread: ClaimedThread; outcome: ThreadReadOutcome; appended: ReadMessage[]; summary: ThreadSummary; gap: boolean };

async function finish(deps: ActivityDeps, req: ThreadBatchRequest, reads: Read[]): Promise<Omit<ThreadBatchResult, 'claimed'>> {
  if (reads.length === 0) return { read: 0, failed: 0, gaps: 0, messagesAdded: 0, messageEvents: 0, scoresChanged: 0, conflicts: 0, threads: [] };
  return coded(async () => {
    const applied = await deps.inbox.applyThreadReads(req.accountId, req.token, reads.map((r) => r.outcome));
    const grown = new Set(applied.applied);
    const scored = await rescoreGrown(deps, req.accountId, reads.filter((r) => grown.has(r.thread.conversationId)));
    return {
      read: reads.length - applied.failed,
      failed: applied.failed,
      gaps: reads.filter((r) => r.gap && grown.has(r.thread.conversationId)).length,
      messagesAdded: applied.messagesAdded,
      messageEvents: applied.eventsEmitted,
      scoresChanged: scored,
      conflicts: applied.conflicts,
      threads: reads.map((r) => r.summary),
    };
  });
}

/** Scores from the messages in hand (stored tail + appended): no second read of the thread. */
async function rescoreGrown(deps: ActivityDeps, accountId: string, reads: Read[]): Promise<number> {
  const messagesByContact = new Map(reads.map((r) => [r.thread.contactId, threadMessages(r)]));
  const rows = await deps.scores.byIds(accountId, [...messagesByContact.keys()]);
  const entries = rows.map((row) => ({ ...row, messages: messagesByContact.get(row.contact.id) ?? [] }));
  const updates = staleScores(entries, deps.now(), deps.scoreWeights);
  return (await deps.scores.record(accountId, updates, 'sync')).scoreChanged;
}

function threadMessages(r: Read): Message[] {
  const stored = r.thread.tail.map(
    (m): Message => ({ position: m.position, text: m.text, isOutbound: m.isOutbound, messageType: 'text', sentByAutomation: false, sentAt: null }),
  );
  const appended = r.appended.map(
    (m, i): Message => ({ position: r.thread.messageCount + i, text: m.text, isOutbound: m.isOutbound, messageType: m.messageType ?? 'text', sentByAutomation: false, sentAt: m.sentAt ?? null }),
  );
  return [...stored, ...appended];
}

function toReadMessage(m: SafariMessage): ReadMessage {
  const type = (MESSAGE_TYPES as readonly string[]).includes(m.messageType) ? (m.messageType as MessageType) : 'text';
  return { text: m.text, isOutbound: m.isOutbound, messageType: type, sentAt: isoOrNull(m.timestamp) };
}

/** Instagram shows "2h" or "Tuesday" as often as a date: keep only what is a real instant. */
function isoOrNull(value: string | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const toNewMessage = (m: ReadMessage) => ({ text: m.text, isOutbound: m.isOutbound, messageType: m.messageType ?? 'text', sentAt: m.sentAt ?? null });
