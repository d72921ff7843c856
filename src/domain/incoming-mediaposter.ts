import { z } from 'zod';
import { platformSlug } from './shareable-video';

/**
 * What MediaPoster tells us, in either contract: the design's `{event: 'video.posted' |
 * 'schedule.updated', data}` or MediaPoster's own outbound envelope (`post.published` with
 * `{post_id, platform, post_url, title}`; `{event, timestamp, data, metadata}`). Each becomes one
 * of our events with a key that names the event itself — retries repeat the body under a new
 * delivery id, so the key never includes the delivery.
 */

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = z.union([z.string().trim().min(1).max(200), z.number().int().transform(String)]);
const text = z
  .string()
  .max(2_000)
  .nullish()
  .transform((v) => v ?? null);
const envelope = z
  .object({ event: z.string().trim().min(1).max(100), data: z.record(z.string(), z.unknown()).optional() })
  .loose();
const videoPosted = z.object({ video_id: id, platform: text, title: text, post_url: text }).loose();
const postPublished = z
  .object({ post_id: id, platform: text, post_url: text, title: text, video_id: id.nullish() })
  .loose();
const scheduleUpdated = z
  .object({ scheduled_post_id: id.nullish(), id: id.nullish(), video_id: id.nullish(), status: text })
  .loose();

export type Incoming =
  | {
      kind: 'event';
      type: 'mediaposter.video_posted' | 'mediaposter.schedule_updated';
      key: string;
      entityId: string;
      payload: Record<string, string | null>;
    }
  | { kind: 'ignored'; event: string }
  | { kind: 'invalid'; message: string };

export function readIncoming(body: unknown): Incoming {
  const env = envelope.safeParse(body);
  if (!env.success) return { kind: 'invalid', message: 'expected {event, data}' };
  const { event, data = {} } = env.data;
  const parsed = (schema: z.ZodType) => schema.safeParse(data);
  if (event === 'video.posted') {
    const d = parsed(videoPosted);
    if (!d.success) return { kind: 'invalid', message: 'video.posted needs data.video_id' };
    const v = d.data as z.infer<typeof videoPosted>;
    return videoPostedAnnouncement(v.video_id, null, v.platform, v.title, v.post_url);
  }
  if (event === 'post.published') {
    const d = parsed(postPublished);
    if (!d.success) return { kind: 'invalid', message: 'post.published needs data.post_id' };
    const p = d.data as z.infer<typeof postPublished>;
    return videoPostedAnnouncement(p.video_id ?? null, p.post_id, p.platform, p.title, p.post_url);
  }
  if (event === 'schedule.updated') {
    const d = parsed(scheduleUpdated);
    if (!d.success) return { kind: 'invalid', message: 'schedule.updated data is not readable' };
    const s = d.data as z.infer<typeof scheduleUpdated>;
    const postId = s.scheduled_post_id ?? s.id ?? null;
    const payload = { scheduled_post_id: postId, video_id: s.video_id ?? null, status: s.status };
    const entityId = postId ?? s.video_id ?? 'schedule';
    return {
      kind: 'event',
      type: 'mediaposter.schedule_updated',
      key: `schedule.updated:${entityId}:${s.status ?? ''}`,
      entityId,
      payload,
    };
  }
  return { kind: 'ignored', event };
}

/**
 * A video went live. Keyed by video and platform, so the webhook and the watcher (which finds the
 * post in MediaPoster's tables) name it alike: a second platform going live is news, a retry is not.
 * Only the post known: keyed by the post until its video is looked up.
 */
export function videoPostedAnnouncement(
  rawVideoId: string | null,
  postId: string | null,
  platform: string | null,
  title: string | null,
  postUrl: string | null,
) {
  // MediaPoster's content_id holds a videos.id as Python prints it (lower-case); a webhook may not.
  const videoId = rawVideoId !== null && UUID_SHAPE.test(rawVideoId) ? rawVideoId.toLowerCase() : rawVideoId;
  const entityId = videoId ?? `post:${postId}`;
  const key = `video.posted:${entityId}:${platform === null ? '' : platformSlug(platform)}`;
  const payload = { video_id: videoId, post_id: postId, platform, title, post_url: postUrl };
  return { kind: 'event' as const, type: 'mediaposter.video_posted' as const, key, entityId, payload };
}
