import { EVENT_CATALOGUE } from '../domain/event-catalogue';
import { announcementsOf, cursorAfter, initialCursor } from '../domain/mediaposter-watch';
import { videoPostedOutreachContract } from '../contracts/catalogue';
import type { MediaPosterWatchInput, WatchStep } from '../contracts/video-outreach';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

/**
 * One page of the watcher: the live posts after the cursor, each announcing its video exactly as
 * MediaPoster's webhook would (same event key, so recorded once either way) and starting that
 * video's outreach under its business id (so started once either way). The cursor moves only after
 * the page is handled: a step cut short is repeated, and repeating it changes nothing.
 */
export function createMediaPosterWatchActivities(deps: ActivityDeps) {
  return {
    async watchMediaPosterStep(input: MediaPosterWatchInput): Promise<WatchStep> {
      return coded(async () => {
        const { accountId } = input;
        const cursor = await deps.audience.watchCursor(accountId);
        if (cursor === null) {
          await deps.audience.saveWatchCursor(accountId, initialCursor(deps.now()));
          return { found: 0, announced: 0, workflowIds: [], initialized: true, more: false };
        }
        const posts = await deps.postWatch.liveSince(cursor, input.pageSize);
        const workflowIds: string[] = [];
        const announcements = announcementsOf(posts);
        for (const a of announcements) {
          const payload = EVENT_CATALOGUE[a.type].parse(a.payload);
          await deps.events.recordIncoming(
            a.key,
            'mediaposter-watch',
            accountId,
            a.type,
            { type: 'video', id: a.entityId },
            payload,
          );
          const started = await deps.workflows.start(videoPostedOutreachContract, {
            ...input.outreach,
            videoId: a.entityId,
            trigger: 'watcher',
          });
          if (!workflowIds.includes(started.workflowId)) workflowIds.push(started.workflowId);
        }
        await deps.audience.saveWatchCursor(accountId, cursorAfter(posts, cursor));
        return {
          found: posts.length,
          announced: announcements.length,
          workflowIds,
          initialized: false,
          more: posts.length >= input.pageSize,
        };
      });
    },
  };
}
