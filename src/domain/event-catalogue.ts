import { z } from 'zod';
import { EVENT_SCHEMAS, type SubscribableEvent } from './events';

/**
 * Every event a webhook receiver can get, with the schema of its `data`: the ones the application
 * builds (events.ts, checked when written by outboxEvent), sync.completed and MediaPoster's (checked
 * against these when written). Published in the OpenAPI document's `webhooks` section.
 */

const counts = z.number().int().nonnegative();

const SYNC = {
  'sync.completed': z.object({
    account_id: z.string(),
    runs: counts,
    batches: counts,
    conversationsFound: counts,
    contactsCreated: counts,
    contactsUpdated: counts,
    threadsQueued: counts,
    threadsRead: counts,
    threadsFailed: counts,
    threadGaps: counts,
    ambiguousRows: counts,
    messagesAdded: counts,
    messageEvents: counts,
    scoresChanged: counts,
    conflicts: counts,
    identity: z.record(z.string(), counts).optional(),
  }),
} as const;

/** Written when MediaPoster tells us (POST /api/incoming/mediaposter), checked against these when written. */
const MEDIAPOSTER = {
  'mediaposter.video_posted': z.object({
    video_id: z
      .string()
      .nullable()
      .describe("MediaPoster's videos.id; null when only its post was announced (post.published)"),
    post_id: z.string().nullable(),
    platform: z.string().nullable(),
    title: z.string().nullable(),
    post_url: z.string().nullable(),
  }),
  'mediaposter.schedule_updated': z.object({
    scheduled_post_id: z.string().nullable(),
    video_id: z.string().nullable(),
    status: z.string().nullable(),
  }),
} as const;

export const EVENT_CATALOGUE: Record<SubscribableEvent, z.ZodObject> = { ...SYNC, ...MEDIAPOSTER, ...EVENT_SCHEMAS };

/**
 * What a receiver gets: the design's envelope around the event's data, to which delivery adds the
 * entity the event is about and its number among that entity's events, so a receiver can drop an
 * older update that arrives after a newer one.
 */
export function deliveryBodySchema(type: SubscribableEvent) {
  const data = EVENT_CATALOGUE[type].extend({
    entity_id: z
      .string()
      .describe('The entity this event is about (a contact, an outreach item, an account for sync.completed)'),
    entity_seq: z.number().int().positive().describe("This event's number among its entity's events: 1, 2, 3 …"),
  });
  return z.object({
    event: z.literal(type),
    timestamp: z.string().describe('When the change was made (ISO 8601)'),
    data,
  });
}
