import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ChosenContact, OutreachVideo, QueuedContact, VideoAudienceRules } from '../contracts/video-outreach';
import type { ActivityDeps } from './deps';
import { shareableVideoFor } from '../app/outreach/dm-compose';
import { coded } from './failures';
import { queueVideoCampaign } from '../app/video-outreach/campaign';
import { outreachVideoOf, scanAudience, skippedCounts } from '../app/video-outreach/video-audience';

/** A posted video's outreach: the use case is src/app/video-outreach/; these adapt it to Temporal (heartbeats, failures). */

export function createVideoOutreachActivities(deps: ActivityDeps) {
  return {
    /** Fails (non-retryable) when MediaPoster has no such video or no public post of it yet. */
    async readOutreachVideo(videoId: string): Promise<OutreachVideo> {
      return coded(async () => {
        const found = await shareableVideoFor(deps.videos, videoId);
        if (!found.ok) throw ApplicationFailure.nonRetryable(found.problem.message, found.problem.code);
        return outreachVideoOf(found.video)!;
      });
    },

    async findVideoAudience(accountId: string, video: OutreachVideo, rules: VideoAudienceRules) {
      return coded(async () => {
        const scanned = await scanAudience(deps.audience, accountId, video, { ...rules, nowMs: deps.now() }, () =>
          Context.current().heartbeat(),
        );
        const { counts } = scanned.result;
        return {
          scanned: counts.scanned,
          matched: counts.matched,
          skipped: skippedCounts(scanned),
          chosen: scanned.chosen,
        };
      });
    },

    /** One campaign item per chosen contact, then the sender is woken (app/video-outreach/campaign.ts). */
    async queueVideoOutreach(
      accountId: string,
      video: OutreachVideo,
      chosen: ChosenContact[],
      requestId: string | null,
    ): Promise<QueuedContact[]> {
      return coded(() => queueVideoCampaign(deps, accountId, video, chosen, requestId));
    },
  };
}
