import type { EventRepository } from '../../adapters/db/event-repository';
import { EVENT_CATALOGUE } from '../../domain/event-catalogue';
import type { Incoming } from '../../domain/incoming-mediaposter';
import { startVideoOutreach, withVideo, type VideoOutreachPorts } from '../video-outreach/video-outreach-service';

/**
 * A verified announcement from MediaPoster: recorded once in the outbox (by its event key), and a
 * posted video's outreach started, joined or reported under the video's business id. A
 * `post.published` that names only the post is keyed by its video, like the watcher keys it.
 */

export type IncomingPorts = Pick<VideoOutreachPorts, 'postWatch' | 'workflows' | 'config'> & {
  events: Pick<EventRepository, 'recordIncoming'>;
  /** False when MediaPoster is not configured: a video's post cannot be looked up, nothing is started. */
  mediaPosterConfigured: boolean;
};

export type Announcement = Extract<Incoming, { kind: 'event' }>;

export async function receiveAnnouncement(
  ports: IncomingPorts,
  accountId: string,
  incoming: Announcement,
  requestId: string,
) {
  const posted =
    incoming.type === 'mediaposter.video_posted' && ports.mediaPosterConfigured
      ? await withVideo(ports, incoming)
      : null;
  const announcement = posted ?? incoming;
  const payload = EVENT_CATALOGUE[announcement.type].parse(announcement.payload);
  const entity = {
    type: announcement.type === 'mediaposter.video_posted' ? 'video' : 'scheduled_post',
    id: announcement.entityId,
  };
  const recorded = await ports.events.recordIncoming(
    announcement.key,
    'mediaposter',
    accountId,
    announcement.type,
    entity,
    payload,
  );
  // Started (or joined, or reported) on every announcement, repeats too: one that was recorded
  // but whose start failed is completed by MediaPoster's retry.
  const videoId = posted?.payload.video_id;
  const started = videoId
    ? await startVideoOutreach(ports, { accountId, videoId, trigger: 'webhook', requestId })
    : null;
  return { duplicate: recorded.duplicate, workflowId: started?.workflowId ?? null };
}
