import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import {
  buildShareableVideo,
  type AnalysisRow,
  type PostRow,
  type ShareableVideo,
  type VideoRow,
} from '../../domain/shareable-video';
import { DbError, unwrap } from '../db/db-errors';
import { UUID } from '../db/values';

/**
 * Reads one video from MediaPoster's data API (mediaposter.md §2.1, §2.2, §2.4) and leaves the
 * merging to the domain. MediaPoster is another team's schema, written by several code paths that
 * disagree (NULL titles, `ext_…` content ids, hashtags once stored as a JSON string), so every row
 * is checked here: a row that does not fit is a DB_INVALID error, not a half-filled DM.
 */

/** MEDIAPOSTER_SUPABASE_URL and _KEY are not set: every read says so (the API answers 503 with this code). */
export class MediaPosterNotConfigured extends Error {
  readonly code = 'MEDIAPOSTER_NOT_CONFIGURED';
  readonly retryable = false;
  constructor() {
    super('MediaPoster is not configured (MEDIAPOSTER_SUPABASE_URL and MEDIAPOSTER_SUPABASE_KEY)');
  }
}

export const notConfiguredVideos: VideoRepository = {
  shareableVideo: () => Promise.reject(new MediaPosterNotConfigured()),
};

export interface VideoRepository {
  /** By videos.id or by the content_id its posts carry ('ext_…' when ingest failed); null if neither exists. */
  shareableVideo(videoId: string): Promise<ShareableVideo | null>;
}

/** The placeholder MediaPoster's ingest writes as content_id when it failed (mediaposter.md §2.4). */
const PLACEHOLDER_ID = /^ext_[0-9a-f]{12}$/;

/**
 * A content_id that can name a video: a `videos.id` or the placeholder. Anything else is left out
 * before it reaches a PostgREST filter, where `",` or `)` would change the filter itself.
 */
export const isContentId = (id: string) => UUID.test(id) || PLACEHOLDER_ID.test(id);

/** A timestamptz as PostgREST renders it; the domain orders posts by it. */
const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp');
/** A Postgres text[]; its elements may be NULL, which carry nothing, so they are dropped. */
const textArray = z
  .array(z.string().nullable())
  .nullable()
  .transform((a) => (a === null ? null : a.filter((s): s is string => s !== null)));

export const videoSchema = z.object({
  id: z.string().regex(UUID),
  title: z.string().nullable(),
  file_name: z.string().nullable(),
  created_at: timestamp,
}) satisfies z.ZodType<VideoRow>;

export const analysisSchema = z.object({
  topics: textArray,
  pillar_tags: textArray,
  format_tags: textArray,
}) satisfies z.ZodType<AnalysisRow, unknown>;

export const postSchema = z.object({
  id: z.string().min(1),
  content_id: z.string().nullable(),
  platform: z.string().min(1),
  status: z.string().nullable(),
  title: z.string().nullable(),
  caption: z.string().nullable(),
  hashtags: textArray,
  platform_url: z.string().nullable(),
  published_at: timestamp.nullable(),
  scheduled_time: timestamp,
}) satisfies z.ZodType<PostRow, unknown>;

export const VIDEO_COLUMNS = Object.keys(videoSchema.shape).join(',');
export const ANALYSIS_COLUMNS = Object.keys(analysisSchema.shape).join(',');
export const POST_COLUMNS = Object.keys(postSchema.shape).join(',');

export function createVideoRepository(db: SupabaseClient): VideoRepository {
  return {
    async shareableVideo(videoId) {
      const raw = videoId.trim();
      if (!isContentId(raw)) return null;
      const isUuid = UUID.test(raw);
      // content_id holds videos.id as Python prints a UUID: lower-case.
      const key = isUuid ? raw.toLowerCase() : raw;
      const [video, analysis, posts] = await Promise.all([
        isUuid ? readVideo(db, key) : null,
        isUuid ? readAnalysis(db, key) : null,
        readPosts(db, key),
      ]);
      return buildShareableVideo(key, video, analysis, posts);
    },
  };
}

async function readVideo(db: SupabaseClient, id: string): Promise<VideoRow | null> {
  const op = 'read MediaPoster video';
  const row = unwrap<unknown>(op, await db.from('videos').select(VIDEO_COLUMNS).eq('id', id).maybeSingle());
  return row === null ? null : parse(op, videoSchema, row);
}

async function readAnalysis(db: SupabaseClient, videoId: string): Promise<AnalysisRow | null> {
  const op = 'read MediaPoster video analysis';
  const row = unwrap<unknown>(
    op,
    await db.from('video_analysis').select(ANALYSIS_COLUMNS).eq('video_id', videoId).maybeSingle(),
  );
  return row === null ? null : parse(op, analysisSchema, row);
}

async function readPosts(db: SupabaseClient, contentId: string): Promise<PostRow[]> {
  const op = 'read MediaPoster posts';
  const result = await db
    .from('scheduled_posts')
    .select(POST_COLUMNS)
    .eq('content_id', contentId)
    .order('scheduled_time', { ascending: false });
  const rows = unwrap<unknown[]>(op, result);
  return rows.map((row) => parse(op, postSchema, row));
}

export function parse<T>(operation: string, schema: z.ZodType<T, unknown>, row: unknown): T {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const id = typeof row === 'object' && row !== null && 'id' in row ? ` (id ${String(row.id)})` : '';
  throw new DbError('DB_INVALID', `${operation}: unexpected row${id}: ${z.prettifyError(parsed.error)}`, false);
}
