import { continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { activityProxies } from './activity-proxies';
import { rescoreProgressQuery, type RescoreContactsInput, type RescoreProgress } from '../contracts/contacts';

/**
 * Rescores every contact of an account, page by page (keyset on id), writing only the scores that
 * moved; an activity goes on through several pages, so a page costs no Temporal round trip.
 * Recency decays with time, so this is what keeps scores true between syncs.
 */
export async function rescoreContacts(input: RescoreContactsInput): Promise<RescoreProgress> {
  const { db } = activityProxies(input.timing);
  const progress: RescoreProgress = input.carry ?? {
    pages: 0,
    scanned: 0,
    updated: 0,
    scoreChanged: 0,
    afterId: null,
    done: false,
  };
  setHandler(rescoreProgressQuery, () => progress);
  let pagesThisRun = 0;
  while (!progress.done) {
    if (pagesThisRun >= input.pagesPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof rescoreContacts>({ ...input, carry: progress });
    }
    // Several pages per activity, never past the run's share (a history from before, one page each).
    const pagesLeft = input.pagesPerRun - pagesThisRun;
    const page = await db.rescoreContactsPage(
      input.accountId,
      progress.afterId,
      input.pageSize,
      input.reason,
      pagesLeft,
    );
    const pages = page.pages ?? 1;
    progress.pages += pages;
    progress.scanned += page.scanned;
    progress.updated += page.updated;
    progress.scoreChanged += page.scoreChanged;
    progress.afterId = page.nextAfterId;
    progress.done = page.nextAfterId === null;
    pagesThisRun += pages;
  }
  return progress;
}
