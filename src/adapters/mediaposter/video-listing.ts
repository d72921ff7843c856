import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import {
  buildShareableVideo,
  platformSlug,
  type AnalysisRow,
  type PostRow,
  type ShareableVideo,
  type VideoRow,
} from '../../domain/shareable-video';
import { unwrap } from '../db/db-errors';
import { UUID } from '../db/values';
import {
  ANALYSIS_COLUMNS,
  analysisSchema,
  isContentId,
  MediaPosterNotConfigured,
  parse,
  POST_COLUMNS,
  postSchema,
  VIDEO_COLUMNS,
  videoSchema,
} from './video-repository';

/**
 * MediaPoster's videos and schedule as lists, read only: each video as one shareable record (the
 * same rules as a single one, src/domain/shareable-video.ts), built from three reads per list —
 * the videos, their analyses, their posts — never one read per video.
 */

export interface ScheduledPostView {
  id: string;
  /** videos.id when the post's content_id is one; the raw content_id stays in content_id. */
  video_id: string | null;
  content_id: string | null;
  platform: string;
  status: string | null;
  title: string | null;
  scheduled_time: string;
}

export interface VideoListing {
  /** The newest videos of the library. */
  latest(limit: number): Promise<ShareableVideo[]>;
  /** Videos with a post that went live since then, newest first. */
  recent(sinceIso: string, limit: number): Promise<ShareableVideo[]>;
  /** Posts still to go out (scheduled, pending, publishing), soonest first. */
  schedule(limit: number): Promise<ScheduledPostView[]>;
}

const notConfigured = () => Promise.reject(new MediaPosterNotConfigured());
export const notConfiguredListing: VideoListing = {
  latest: notConfigured,
  recent: notConfigured,
  schedule: notConfigured,
};

const UPCOMING = ['scheduled', 'pending', 'publishing'];
const LIVE = ['posted', 'published'];

export function createVideoListing(db: SupabaseClient): VideoListing {
  return {
    async latest(limit) {
      const op = 'list MediaPoster videos';
      const rows = unwrap<unknown[]>(
        op,
        await db.from('videos').select(VIDEO_COLUMNS).order('created_at', { ascending: false }).limit(limit),
      );
      return shareable(
        db,
        rows.map((r) => parse(op, videoSchema, r).id),
      );
    },
    async recent(sinceIso, limit) {
      const op = 'list recently posted MediaPoster videos';
      const rows = parse(
        op,
        z.array(z.object({ content_id: z.string().nullable() })),
        unwrap<unknown>(
          op,
          await db
            .from('scheduled_posts')
            .select('content_id')
            .in('status', LIVE)
            .gte('published_at', sinceIso)
            .order('published_at', { ascending: false })
            .limit(1000),
        ),
      );
      // Only ids that can name a video, before the limit: a post with a malformed one takes no place.
      const ids = [
        ...new Set(rows.map((r) => r.content_id).filter((id): id is string => id !== null && isContentId(id))),
      ];
      return shareable(db, ids.slice(0, limit));
    },
    async schedule(limit) {
      const op = 'read the MediaPoster schedule';
      const rows = unwrap<unknown[]>(
        op,
        await db
          .from('scheduled_posts')
          .select(POST_COLUMNS)
          .in('status', UPCOMING)
          .order('scheduled_time')
          .limit(limit),
      );
      return rows.map((r) => {
        const p = parse(op, postSchema, r);
        const video = p.content_id !== null && UUID.test(p.content_id) ? p.content_id.toLowerCase() : null;
        return {
          id: p.id,
          video_id: video,
          content_id: p.content_id,
          platform: platformSlug(p.platform),
          status: p.status,
          title: p.title,
          scheduled_time: p.scheduled_time,
        };
      });
    },
  };
}

/** One record per id, in the order given: videos and analyses by uuid ids, posts by content_id. */
async function shareable(db: SupabaseClient, given: string[]): Promise<ShareableVideo[]> {
  // In a PostgREST `in.(…)` list a `",` in a value would end it and start another: none gets there.
  const ids = given.filter(isContentId);
  if (ids.length === 0) return [];
  const uuids = ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase());
  const analysisRow = analysisSchema.extend({ video_id: z.string() });
  const [videos, analyses, posts] = await Promise.all([
    uuids.length ? db.from('videos').select(VIDEO_COLUMNS).in('id', uuids) : null,
    uuids.length ? db.from('video_analysis').select(`video_id,${ANALYSIS_COLUMNS}`).in('video_id', uuids) : null,
    db.from('scheduled_posts').select(POST_COLUMNS).in('content_id', ids),
  ]);
  const byVideo = new Map<string, VideoRow>(
    (videos ? unwrap<unknown[]>('read MediaPoster videos', videos) : []).map((r) => {
      const v = parse('read MediaPoster videos', videoSchema, r);
      return [v.id, v];
    }),
  );
  const byAnalysis = new Map<string, AnalysisRow>(
    (analyses ? unwrap<unknown[]>('read MediaPoster analyses', analyses) : []).map((r) => {
      const { video_id, ...a } = parse('read MediaPoster analyses', analysisRow, r);
      return [video_id, a];
    }),
  );
  const byContent = new Map<string, PostRow[]>();
  for (const r of unwrap<unknown[]>('read MediaPoster posts', posts)) {
    const p = parse('read MediaPoster posts', postSchema, r);
    byContent.set(p.content_id ?? '', [...(byContent.get(p.content_id ?? '') ?? []), p]);
  }
  return ids.flatMap((id) => {
    const key = UUID.test(id) ? id.toLowerCase() : id;
    const v = buildShareableVideo(key, byVideo.get(key) ?? null, byAnalysis.get(key) ?? null, byContent.get(key) ?? []);
    return v ? [v] : [];
  });
}
