import { Context } from '@temporalio/activity';
import { staleScores } from '../domain/rescoring';
import type { RescorePageResult } from '../contracts/contacts';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

/**
 * Pages of an account-wide rescore: each page read once, scored with the stored resonance (it
 * depends on messages only, which did not change), and only what moved written back in one
 * set-based call (scores, history rows and events together), compare-and-set on the row as read.
 */

/**
 * One activity goes on to the next page until this much time has passed: a page is one read and
 * one small write, and a Temporal round trip per page cost as much as the write. Well inside the
 * db activities' one-minute timeout, and a retry redoes at most this much (writing nothing twice).
 */
const PAGES_FOR_MS = 10_000;

export function createRescoreActivities(deps: ActivityDeps) {
  async function rescorePage(accountId: string, afterId: string | null, pageSize: number, reason: string) {
    const rows = await deps.scores.page(accountId, afterId, pageSize);
    Context.current().heartbeat(afterId);
    const updates = staleScores(rows, deps.now(), deps.scoreWeights);
    const written = await deps.scores.record(accountId, updates, reason, { ifUnchanged: true });
    return { scanned: rows.length, ...written, nextAfterId: rows.length === pageSize ? rows.at(-1)!.contact.id : null };
  }

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
        const sum = { pages: 0, scanned: 0, updated: 0, scoreChanged: 0, nextAfterId: afterId };
        do {
          const page = await rescorePage(accountId, sum.nextAfterId, pageSize, reason);
          sum.pages += 1;
          sum.scanned += page.scanned;
          sum.updated += page.updated;
          sum.scoreChanged += page.scoreChanged;
          sum.nextAfterId = page.nextAfterId;
        } while (sum.nextAfterId !== null && sum.pages < maxPages && deps.now() - started < PAGES_FOR_MS);
        return sum;
      });
    },
  };
}
