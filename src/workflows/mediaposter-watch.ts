import { setHandler } from '@temporalio/workflow';
import { activityProxies } from './activity-proxies';
import { watchProgressQuery, type MediaPosterWatchInput, type WatchProgress } from '../contracts/video-outreach';

/**
 * One tick of the MediaPoster watcher (a Temporal Schedule, MEDIAPOSTER_WATCH_INTERVAL): posts
 * that went live since the cursor each announce their video — recorded once, as MediaPoster's own
 * webhook would be — and start (or join) that video's outreach. At most maxPages pages a tick; the
 * next tick carries on from the cursor.
 */
export async function mediaPosterWatch(input: MediaPosterWatchInput): Promise<WatchProgress> {
  const { db } = activityProxies(input.outreach.timing);
  const progress: WatchProgress = { steps: 0, found: 0, announced: 0, workflowIds: [] };
  setHandler(watchProgressQuery, () => progress);
  for (let page = 0; page < input.maxPages; page++) {
    const step = await db.watchMediaPosterStep(input);
    progress.steps += 1;
    progress.found += step.found;
    progress.announced += step.announced;
    for (const id of step.workflowIds) if (!progress.workflowIds.includes(id)) progress.workflowIds.push(id);
    if (!step.more) break;
  }
  return progress;
}
