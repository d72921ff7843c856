import { Context } from '@temporalio/activity';
import { z } from 'zod';
import { staleScores, type ScoreUpdate } from '../domain/rescoring';
import type { RescorePageResult } from '../contracts/contacts';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

/**
 * Pages of an account-wide rescore: each page read once, scored with the stored resonance (it
 * depends on messages only, which did not change), and only what moved written back in set-based
 * calls (scores, history rows and events together), compare-and-set on the row as read.
 */

/**
 * One activity goes on to the next page until this much time has passed: a page is one read and
 * its share of a small write, and a Temporal round trip per page cost as much as the write. Well
 * inside the db activities' one-minute timeout, and a retry redoes at most this much (writing
 * nothing twice).
 */
const PAGES_FOR_MS = 10_000;

/**
 * Moved scores wait for this many before they are written (and the rest at the activity's end): a
 * daily rescore moves ~40 a page, and each write is a round trip, a commit and a webhook
 * dispatcher wake whatever its size. A first scoring (every row moves) still writes every page.
 */
export const WRITE_AT_SCORES = 250;

type RescoreDeps = Pick<ActivityDeps, 'scores' | 'now' | 'scoreWeights'>;

export function createRescoreActivities(deps: RescoreDeps) {
  return {
    /** Up to `maxPages` pages from `afterId` on (one when not given, as histories before it asked). */
    async rescoreContactsPage(
      accountId: string,
      afterId: string | null,
      pageSize: number,
      reason: string,
      maxPages = 1,
    ): Promise<RescorePageResult> {
      return coded(async () => {
        const started = deps.now();
        // A retry goes on from the last write its earlier attempt made, with that attempt's counts.
        const sum = resumedFrom(Context.current().info.heartbeatDetails) ?? {
          pages: 0,
          scanned: 0,
          updated: 0,
          scoreChanged: 0,
          nextAfterId: afterId,
        };
        let written = { ...sum };
        const moved: ScoreUpdate[] = [];
        const write = async () => {
          if (moved.length > 0) {
            const done = await deps.scores.record(accountId, moved.splice(0), reason, { ifUnchanged: true });
            sum.updated += done.updated;
            sum.scoreChanged += done.scoreChanged;
          }
          written = { ...sum };
        };
        do {
          const rows = await deps.scores.page(accountId, sum.nextAfterId, pageSize);
          Context.current().heartbeat(written);
          moved.push(...staleScores(rows, deps.now(), deps.scoreWeights));
          sum.pages += 1;
          sum.scanned += rows.length;
          sum.nextAfterId = rows.length === pageSize ? rows.at(-1)!.contact.id : null;
          if (moved.length >= WRITE_AT_SCORES) await write();
        } while (sum.nextAfterId !== null && sum.pages < maxPages && deps.now() - started < PAGES_FOR_MS);
        await write();
        return sum;
      });
    },
  };
}

/** The details an attempt heartbeats: everything it had written by then, and where it had read to. */
const progressSchema = z.object({
  pages: z.number().int(),
  scanned: z.number().int(),
  updated: z.number().int(),
  scoreChanged: z.number().int(),
  nextAfterId: z.string().nullable(),
}) satisfies z.ZodType<Required<RescorePageResult>>;

/** What an earlier attempt had written when it last heartbeated; null (start over) when none or malformed. */
function resumedFrom(details: unknown): Required<RescorePageResult> | null {
  const parsed = progressSchema.safeParse(details);
  return parsed.success ? parsed.data : null;
}
