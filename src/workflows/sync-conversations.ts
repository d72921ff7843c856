import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { InboxTab } from '../domain/types';
import { activityProxies } from './activity-proxies';
import { retryActivity } from './retry-activity';
import { safariTurns, type TurnOutcome } from './safari-turn';
import {
  syncProgressQuery,
  MAX_THREAD_SUMMARIES,
  type SyncConversationsInput,
  type SyncProgress,
  type ThreadBatchResult,
} from '../contracts/sync';

/**
 * Brings the Instagram inbox into the CRM: store the listing (queueing the conversations whose
 * last message changed), then read the queued threads in batches, each batch one activity that
 * claims, reads, merges, writes and rescores. Everything it needs survives a restart in the
 * database (the queue and the claims) or in this history (the progress).
 */
export async function syncConversations(input: SyncConversationsInput): Promise<SyncProgress> {
  const { db, local, safari, safariOnce, scan } = activityProxies(input.timing);
  const progress: SyncProgress = input.carry ?? initialProgress();
  progress.runs += 1;
  setHandler(syncProgressQuery, () => progress);
  // Browser calls take the Safari host's turn (shared with every worker and the DM senders), kept
  // from batch to batch until a DM asks for it; runs recorded before turns existed replay without them.
  const turns = safariTurns((accountId, request) => local.requestSafariTurn(accountId, request));
  const lease = patched('safari-turns') ? turns.lease(input.accountId, 'read', SYNC_MAX_HOLD_MS) : null;
  const quietMs = input.timing.safariQuietMs ?? 0;
  const withTurn = <T>(work: () => Promise<T>) =>
    lease ? lease.run(work, (o) => (unanswered(o) ? quietMs : 0)) : work();

  /**
   * The browser listing, then its storage as a second activity retried on its own (a database
   * outage does not repeat minutes of browser time). The store holds the Safari turn only when it
   * may look up profiles. Runs recorded before the split replay the one-activity form.
   */
  const listInbox = async (tab: InboxTab | 'all') => {
    const lookups = { profileLookups: input.profileLookups ?? 0 };
    if (!patched('listing-then-store')) return withTurn(() => safari.syncInbox(input.accountId, tab, lookups));
    const listing = await withTurn(() => safari.readInboxListing(input.accountId, tab));
    const store = () => scan.storeInboxListing(input.accountId, listing, lookups);
    return lookups.profileLookups > 0 ? withTurn(store) : store();
  };

  if (progress.phase === 'listing') {
    const scope = input.scope;
    const listed =
      scope.kind === 'inbox'
        ? await listInbox(scope.tab)
        : await db.queueContactThreads(input.accountId, scope.usernames);
    progress.conversationsFound = listed.found;
    progress.contactsCreated = listed.contactsCreated;
    progress.contactsUpdated = listed.contactsUpdated;
    progress.threadsQueued = listed.queued;
    progress.ambiguousRows = listed.ambiguous ?? 0;
    if (listed.identity) progress.identity = listed.identity;
    progress.phase = input.readThreads ? 'reading' : 'done';
  }

  const usernames = input.scope.kind === 'contacts' ? input.scope.usernames : null;
  let batchesThisRun = 0;
  while (progress.phase === 'reading') {
    if (batchesThisRun >= input.batchesPerRun || workflowInfo().continueAsNewSuggested) {
      await lease?.end();
      await condition(allHandlersFinished);
      await continueAsNew<typeof syncConversations>({ ...input, carry: progress });
    }
    const token = `${workflowInfo().workflowId}:${progress.batches}`;
    const request = {
      accountId: input.accountId,
      token,
      batchSize: input.batchSize,
      readLimit: input.readLimit,
      usernames,
    };
    const batch = await retryActivity(
      input.timing.safari,
      () => withTurn(() => safariOnce.readThreadBatch(request)),
      (partial) => addCounts(progress, partial as ThreadBatchResult),
    );
    addCounts(progress, batch);
    progress.batches += 1;
    batchesThisRun += 1;
    if (batch.claimed === 0) progress.phase = 'done';
  }

  await lease?.end();
  await db.recordSyncCompleted(input.accountId, progress);
  return progress;
}

/** A batch activity may run 15 minutes; a holder silent past this has lost its turn. */
const SYNC_MAX_HOLD_MS = 16 * 60_000;

/** The call got no answer: the server may still be driving the browser. */
export function unanswered(o: TurnOutcome<unknown>): boolean {
  return (
    !o.ok &&
    o.error instanceof ActivityFailure &&
    o.error.cause instanceof ApplicationFailure &&
    o.error.cause.type === 'OUTCOME_UNKNOWN'
  );
}

function initialProgress(): SyncProgress {
  return {
    phase: 'listing',
    runs: 0,
    batches: 0,
    conversationsFound: 0,
    contactsCreated: 0,
    contactsUpdated: 0,
    threadsQueued: 0,
    threadsRead: 0,
    threadsFailed: 0,
    threadGaps: 0,
    ambiguousRows: 0,
    messagesAdded: 0,
    messageEvents: 0,
    scoresChanged: 0,
    conflicts: 0,
    threads: [],
    truncated: false,
  };
}

function addCounts(p: SyncProgress, b: ThreadBatchResult): void {
  p.threadsRead += b.read;
  p.threadsFailed += b.failed;
  p.threadGaps += b.gaps;
  p.messagesAdded += b.messagesAdded;
  p.messageEvents += b.messageEvents;
  p.scoresChanged += b.scoresChanged;
  p.conflicts += b.conflicts;
  const room = MAX_THREAD_SUMMARIES - p.threads.length;
  p.threads.push(...b.threads.slice(0, Math.max(room, 0)));
  if (b.threads.length > room) p.truncated = true;
}
