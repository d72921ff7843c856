import { setHandler, workflowInfo } from '@temporalio/workflow';
import { activityProxies } from './activity-proxies';
import { retryActivity } from './retry-activity';
import { safariTurns } from './safari-turn';
import { unanswered } from './sync-conversations';
import {
  replyWatchProgressQuery,
  WATCHED_TABS,
  type ReplyWatchInput,
  type ReplyWatchProgress,
} from '../contracts/reply-watch';
import type { ThreadBatchResult } from '../contracts/sync';

/**
 * One tick of an account's reply watch (a Temporal Schedule, REPLY_WATCH_INTERVAL): the cheapest
 * browser calls that find changed conversations, then only those threads. Per tab, primary first
 * (replies to our DMs land there) then requests: one light listing (the tab's first screen, no
 * scrolling), stored by the sync's own store (same identity rules; it queues the conversations whose
 * last message changed), then the queued threads read by the sync's own batches. Reading primary's
 * threads before listing requests keeps a reply's wait at the interval plus one thread read.
 * Browser calls hold the Safari turn as a read, so a DM asking for it goes first. Outside the
 * account's active hours, or while a full sync of it runs, the tick ends at once and says why.
 */
export async function watchReplies(input: ReplyWatchInput): Promise<ReplyWatchProgress> {
  const { db, local, safari, safariOnce, scan } = activityProxies(input.timing);
  const progress = initialProgress();
  setHandler(replyWatchProgressQuery, () => progress);
  const { accountId } = input;
  // DMs held while nobody was told (a quiet stretch) are announced once the interval has passed.
  if (await db.announceAwaitingApproval(accountId)) progress.approvalNotices += 1;

  const gate = await db.replyWatchGate(accountId);
  if (!gate.run) {
    Object.assign(progress, { phase: 'skipped', skipped: gate.skipped, explanation: gate.explanation });
    return progress;
  }

  const turns = safariTurns((id, request) => local.requestSafariTurn(id, request));
  const lease = turns.lease(accountId, 'read', MAX_HOLD_MS);
  const quietMs = input.timing.safariQuietMs ?? 0;
  const withTurn = <T>(work: () => Promise<T>) => lease.run(work, (o) => (unanswered(o) ? quietMs : 0));
  const lookups = { profileLookups: input.profileLookups };

  let batches = 0;
  for (const tab of WATCHED_TABS) {
    progress.phase = 'listing';
    const listing = await withTurn(() => safari.readInboxListing(accountId, tab));
    const store = () => scan.storeInboxListing(accountId, listing, lookups);
    const listed = lookups.profileLookups > 0 ? await withTurn(store) : await store();
    progress.tabsListed.push(tab);
    progress.conversationsFound += listed.found;
    progress.threadsQueued += listed.queued;
    // Nothing queued: not one thread is opened.
    let queued = listed.queued;
    progress.phase = 'reading';
    while (queued > 0) {
      const request = {
        accountId,
        token: `${workflowInfo().workflowId}:${workflowInfo().runId}:${batches++}`,
        batchSize: input.batchSize,
        readLimit: input.readLimit,
        usernames: null,
      };
      const batch = await retryActivity(
        input.timing.safari,
        () => withTurn(() => safariOnce.readThreadBatch(request)),
        (partial) => addCounts(progress, partial as ThreadBatchResult),
      );
      addCounts(progress, batch);
      // Fewer than a batch claimed: the queue is empty (no extra call to find that out).
      queued = batch.claimed < input.batchSize ? 0 : queued - batch.claimed;
    }
  }
  await lease.end();
  progress.phase = 'done';
  return progress;
}

/** A batch activity may run 15 minutes; a holder silent past this has lost its turn (as the sync's). */
const MAX_HOLD_MS = 16 * 60_000;

function initialProgress(): ReplyWatchProgress {
  return {
    phase: 'checking',
    skipped: null,
    explanation: null,
    tabsListed: [],
    conversationsFound: 0,
    threadsQueued: 0,
    threadsRead: 0,
    threadsFailed: 0,
    messagesAdded: 0,
    messageEvents: 0,
    approvalNotices: 0,
  };
}

function addCounts(p: ReplyWatchProgress, b: ThreadBatchResult): void {
  p.threadsRead += b.read;
  p.threadsFailed += b.failed;
  p.messagesAdded += b.messagesAdded;
  p.messageEvents += b.messageEvents;
}
