import { z } from '@hono/zod-openapi';

/** MediaPoster's videos and schedule as the API shows them: one shareable record per video. */

export const ShareableVideo = z
  .object({
    id: z.string().openapi({
      description: "videos.id, or the content_id MediaPoster's posts share when there is no videos row ('ext_…')",
    }),
    title: z
      .string()
      .nullable()
      .openapi({ description: "The video's title, else its newest live post's, any post's, or the file name" }),
    caption: z.string().nullable(),
    topics: z.array(z.string()),
    keywords: z.array(z.string()).openapi({
      description: 'Every topic, pillar and format tag and hashtag: what a video is matched to contacts by',
    }),
    urls: z.record(z.string(), z.string()).openapi({
      description: 'One public https URL per platform (x for twitter), live posts only, never a simulated publish',
    }),
    postedAt: z.string().nullable(),
    posts: z.array(
      z.object({
        id: z.string(),
        platform: z.string(),
        status: z.string().nullable(),
        url: z.string().nullable(),
        publishedAt: z.string().nullable(),
      }),
    ),
  })
  .openapi('ShareableVideo');

export const ScheduledPost = z
  .object({
    id: z.string(),
    video_id: z.string().nullable(),
    content_id: z.string().nullable(),
    platform: z.string(),
    status: z.string().nullable(),
    title: z.string().nullable(),
    scheduled_time: z.string(),
  })
  .openapi('ScheduledPost');

export const VideosQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export const RecentQuery = z.object({
  hours: z.coerce
    .number()
    .min(1)
    .max(24 * 90)
    .default(24),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ScheduleQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const VideoIdParam = z.object({ id: z.string().trim().min(1).max(100) });

/** A video's audience preview: who would get which DM and why, and who was left out. */
const Reason = z.object({ source: z.string(), term: z.string(), points: z.number() });
export const AudiencePreview = z
  .object({
    video: z.object({ id: z.string(), title: z.string().nullable(), url: z.string(), keywords: z.array(z.string()) }),
    rules: z.object({ min_score: z.number().int(), max: z.number().int(), cooldown_ms: z.number().int() }),
    counts: z.object({
      scanned: z.number().int(),
      matched: z.number().int(),
      chosen: z.number().int(),
      skipped: z.record(z.string(), z.number().int()),
    }),
    chosen: z.array(
      z.object({
        contact_id: z.string(),
        username: z.string(),
        score: z.number(),
        lane: z.string(),
        reasons: z.array(Reason),
        template: z.string(),
        message: z.string().openapi({ description: 'The exact DM that would be queued' }),
      }),
    ),
    excluded: z
      .array(
        z.object({
          contact_id: z.string(),
          username: z.string().nullable(),
          score: z.number(),
          reasons: z.array(Reason),
          excluded: z.string().openapi({
            description: 'opted_out, no_handle, cooldown, over_limit, or message (its DM could not be written)',
          }),
        }),
      )
      .openapi({ description: 'The best-scoring contacts that matched but were left out (at most 50)' }),
  })
  .openapi('AudiencePreview');
