import { Context } from '@temporalio/activity';
import { normalizeUsername } from '../domain/contact-fields';
import type { ThreadBatchRequest, ThreadBatchResult } from '../contracts/sync';
import { readThreads } from '../app/sync/thread-reading';
import { add, NONE, write as writeReads, type Counts } from '../app/sync/thread-writes';
import type { Read } from '../app/sync/thread-reading';
import type { ActivityDeps } from './deps';
import { safariOf } from './account-safari';
import { coded } from './failures';
import { checkKeywordsAfterBatch } from './keyword-replies';
import { safariFailure } from './safari-failures';

/**
 * Stored messages handed to the merge: three read windows, since HEAD's reader skips repeats and
 * so its window of N messages can reach further back than the last N stored ones.
 */
const TAIL_FACTOR = 3;
/** Threads per write inside a batch: the next chunk is read while the last one is written. */
const CHUNK = 50;

/** A write of merged reads (app/sync/thread-writes.ts), its failure converted for Temporal. */
const write = (deps: ActivityDeps, req: ThreadBatchRequest, reads: Read[]) => coded(() => writeReads(deps, req, reads));

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
        ? (
            await coded(() => deps.inbox.identitiesByUsernames(req.accountId, req.usernames!.map(normalizeUsername)))
          ).map((k) => k.id)
        : null;
      // The account's own Safari server (another account may be driven by another Mac).
      const { client: safari } = await coded(() => safariOf(deps, req.accountId));
      const claimed = await coded(() =>
        deps.inbox.claimThreads(req.accountId, req.token, req.batchSize, req.readLimit * TAIL_FACTOR, contactIds),
      );
      let total = NONE;
      let writing: Promise<Counts> = Promise.resolve(NONE);
      const options = {
        signal: ctx.cancellationSignal,
        onProgress: () => ctx.heartbeat(),
        beforeEach: () => ctx.heartbeat(),
      };
      for (let start = 0; start < claimed.length; start += CHUNK) {
        const { reads, retryable } = await readThreads(
          safari,
          claimed.slice(start, start + CHUNK),
          req.readLimit,
          options,
        );
        total = add(total, await writing);
        if (retryable) {
          // Keep what was read (the retry re-claims only the rest) and report it with the failure.
          const partial = { claimed: claimed.length, ...add(total, await write(deps, req, reads)) };
          throw safariFailure(retryable, [partial]);
        }
        writing = settled(write(deps, req, reads));
      }
      const result = { claimed: claimed.length, ...add(total, await writing) };
      await checkKeywordsAfterBatch(deps, req.accountId);
      return result;
    },
  };
}

/** A write started now and awaited later must not surface as an unhandled rejection meanwhile. */
function settled(p: Promise<Counts>): Promise<Counts> {
  p.catch(() => undefined); // observed here; the later `await` still throws the failure
  return p;
}
