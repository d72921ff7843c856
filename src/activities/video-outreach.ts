import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { effectiveApprovalMode } from '../domain/outreach';
import type { ChosenContact, OutreachVideo, QueuedContact, VideoAudienceRules } from '../contracts/video-outreach';
import type { ActivityDeps } from './deps';
import { shareableVideoFor } from '../app/dm-compose';
import { coded } from './failures';
import { accountOrFail } from './outreach-prepare';
import { businessKeyOf, newOutreachItem } from '../app/outreach-items';
import { outreachVideoOf, scanAudience, skippedCounts } from '../app/video-audience';
import { dmSenderContract } from '../contracts/catalogue';
import { queueChangedSignal } from '../contracts/sender';

/** Campaign items, like the queue routes' (direct DMs, at 100, go first). */
export const VIDEO_OUTREACH_PRIORITY = 50;

/** The campaign a video's DMs belong to: its ledger key makes each contact's DM once per video. */
export const videoCampaign = (videoId: string) => `video:${videoId}`;

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
        const scanned = await scanAudience(deps.audience, accountId, video, { ...rules, nowMs: deps.now() }, () => Context.current().heartbeat());
        const { counts } = scanned.result;
        return { scanned: counts.scanned, matched: counts.matched, skipped: skippedCounts(scanned), chosen: scanned.chosen };
      });
    },

    /** One campaign item per chosen contact (a repeat finds the items it made), then the sender is woken. */
    async queueVideoOutreach(accountId: string, video: OutreachVideo, chosen: ChosenContact[], requestId: string | null): Promise<QueuedContact[]> {
      return coded(async () => {
        const account = await accountOrFail(deps, accountId);
        const mode = effectiveApprovalMode(account, deps.outreachSettings.defaults);
        const campaign = videoCampaign(video.id);
        const drafts = chosen.map((c) => newOutreachItem(accountId, {
          kind: 'campaign', businessKey: businessKeyOf({ kind: 'campaign', contactId: c.contactId, campaign, source: c.template, videoId: video.id }),
          contact: { id: c.contactId, username: c.username, totalMessagesReceived: c.hasWritten ? 1 : 0 }, text: c.text,
          priority: VIDEO_OUTREACH_PRIORITY, scheduledAt: null, campaign, template: c.template, videoId: video.id, notifyWorkflowId: null, requestId,
        }, mode));
        const stored = await deps.outreach.enqueue(accountId, drafts);
        await deps.workflows.signalWithStart(dmSenderContract, deps.outreachSettings.senderInput(accountId), queueChangedSignal, { reason: `video ${video.id}` });
        return stored.items.map(({ created, item }) => ({ contactId: item.contactId, username: item.username, itemId: item.id, status: item.status, created }));
      });
    },
  };
}
