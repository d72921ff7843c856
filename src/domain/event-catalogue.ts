import { z } from 'zod';
import { EVENT_SCHEMAS, type SubscribableEvent } from './events';

/**
 * Every event a webhook receiver can get, with the schema of its `data`: the ones the application
 * builds (events.ts, checked when written) and the ones older SQL functions still build, described
 * here and checked against what those functions really write (test/workflows/sync-identity.test.ts
 * and test/domain/event-catalogue.test.ts), so neither side drifts unnoticed. Published in the
 * OpenAPI document's `webhooks` section.
 */

const contactSummary = z.object({
  id: z.string(), username: z.string().nullable(), display_name: z.string().nullable(),
  pipeline_stage: z.string(), relationship_score: z.number().int().nullable(), tags: z.array(z.string()),
});
const counts = z.number().int().nonnegative();

const SQL_BUILT = {
  'contact.created': z.object({ contact: contactSummary }),
  'contact.updated': z.object({
    contact: z.object({ id: z.string(), username: z.string().nullable(), display_name: z.string().nullable() }).loose(),
    changes: z.record(z.string(), z.unknown()),
    evidence: z.string().optional().describe('Why the sync learned a handle or thread id (thread_id, registry, profile, preview)'),
  }),
  'contact.score_changed': z.object({
    contact: z.object({ id: z.string(), username: z.string().nullable(), display_name: z.string().nullable() }),
    old_score: z.number().int().nullable(), new_score: z.number().int(), change: z.number().int(),
    components: z.record(z.string(), z.number()), reason: z.string(),
  }),
  'message.received': z.object({
    contact: contactSummary,
    message: z.object({ conversation_id: z.string(), position: counts, text: z.string(), sent_at: z.string().nullable(), observed_at: z.string() }),
  }),
  'sync.completed': z.object({
    account_id: z.string(), runs: counts, batches: counts, conversationsFound: counts, contactsCreated: counts, contactsUpdated: counts,
    threadsQueued: counts, threadsRead: counts, threadsFailed: counts, threadGaps: counts, ambiguousRows: counts, messagesAdded: counts,
    messageEvents: counts, scoresChanged: counts, conflicts: counts, identity: z.record(z.string(), counts).optional(),
  }),
} as const;

/** Written when MediaPoster tells us (POST /api/incoming/mediaposter), checked against these when written. */
const MEDIAPOSTER = {
  'mediaposter.video_posted': z.object({
    video_id: z.string().nullable().describe("MediaPoster's videos.id; null when only its post was announced (post.published)"),
    post_id: z.string().nullable(), platform: z.string().nullable(), title: z.string().nullable(), post_url: z.string().nullable(),
  }),
  'mediaposter.schedule_updated': z.object({ scheduled_post_id: z.string().nullable(), video_id: z.string().nullable(), status: z.string().nullable() }),
} as const;

export const EVENT_CATALOGUE: Record<SubscribableEvent, z.ZodObject> = { ...SQL_BUILT, ...MEDIAPOSTER, ...EVENT_SCHEMAS };

/**
 * What a receiver gets: the design's envelope around the event's data, to which delivery adds the
 * entity the event is about and its number among that entity's events, so a receiver can drop an
 * older update that arrives after a newer one.
 */
export function deliveryBodySchema(type: SubscribableEvent) {
  const data = EVENT_CATALOGUE[type].extend({
    entity_id: z.string().describe('The entity this event is about (a contact, an outreach item, an account for sync.completed)'),
    entity_seq: z.number().int().positive().describe("This event's number among its entity's events: 1, 2, 3 …"),
  });
  return z.object({ event: z.literal(type), timestamp: z.string().describe('When the change was made (ISO 8601)'), data });
}
