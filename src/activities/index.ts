import { createContactActivities } from './contacts';
import type { ActivityDeps } from './deps';
import { createDirectDmActivities } from './dm-direct';
import { createInboxListingActivities } from './inbox-listing';
import { createOutreachSendActivities } from './outreach-send';
import { createOutreachSenderActivities } from './outreach-sender';
import { createOutreachSettleActivities } from './outreach-settle';
import { createRescoreActivities } from './rescore';
import { createSafariTurnActivities } from './safari-turns';
import { createSyncEventActivities } from './sync-completed';
import { createThreadBatchActivities } from './thread-batch';
import { createWebhookActivities } from './webhooks';
import { createWebhookTestActivities } from './webhook-test';
import { createVideoOutreachActivities } from './video-outreach';
import { createMediaPosterWatchActivities } from './mediaposter-watch';
import { createReplyWatchActivities } from './reply-watch';
import { createFollowUpActivities } from './follow-ups';

export type { ActivityDeps, OutreachSettings, WebhookSettings } from './deps';

/** All activities, built once by the worker from injected ports. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createContactActivities(deps),
    ...createInboxListingActivities(deps),
    ...createThreadBatchActivities(deps),
    ...createSyncEventActivities(deps),
    ...createRescoreActivities(deps),
    ...createSafariTurnActivities(deps),
    ...createOutreachSenderActivities(deps),
    ...createOutreachSendActivities(deps),
    ...createOutreachSettleActivities(deps),
    ...createDirectDmActivities(deps),
    ...createWebhookActivities(deps),
    ...createWebhookTestActivities(deps),
    ...createVideoOutreachActivities(deps),
    ...createMediaPosterWatchActivities(deps),
    ...createReplyWatchActivities(deps),
    ...createFollowUpActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
