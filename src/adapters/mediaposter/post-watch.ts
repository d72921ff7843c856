import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { unwrap } from '../db/db-errors';
import type { LivePost, WatchCursor } from '../../domain/mediaposter-watch';
import { UUID } from '../db/values';
import { MediaPosterNotConfigured, parse } from './video-repository';

/**
 * Noticing posts that went live without MediaPoster telling us (its webhook sender is not wired,
 * mediaposter.md §4.2, §4.4): `scheduled_posts` whose status is posted or published, changed after
 * a cursor, in (updated_at, id) order. And the video a post belongs to, for a `post.published`
 * announcement that names only the post.
 */

export interface PostWatch {
  /** Live posts after the cursor, oldest change first, at most `limit` (≤ 1000). */
  liveSince(cursor: WatchCursor, limit: number): Promise<LivePost[]>;
  /** The post with this id (any status); null when there is none. */
  post(postId: string): Promise<LivePost | null>;
}

const notConfigured = () => Promise.reject(new MediaPosterNotConfigured());
export const notConfiguredPostWatch: PostWatch = { liveSince: notConfigured, post: notConfigured };

const LIVE = ['posted', 'published'];
const COLUMNS = 'id,content_id,platform,title,platform_url,updated_at';
const postRow = z
  .object({
    id: z.string().regex(UUID),
    content_id: z.string().nullable(),
    platform: z.string().min(1),
    title: z.string().nullable(),
    platform_url: z.string().nullable(),
    updated_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp'),
  })
  .transform((r): LivePost => ({
    id: r.id,
    contentId: r.content_id?.trim() || null,
    platform: r.platform,
    title: r.title,
    platformUrl: r.platform_url,
    updatedAt: r.updated_at,
  }));

export function createPostWatch(db: SupabaseClient): PostWatch {
  return {
    async liveSince(cursor, limit) {
      const op = 'read MediaPoster posts that went live';
      // Quoted: a timestamp holds the ':' and '.' PostgREST's filter grammar reserves.
      const after = `updated_at.gt."${cursor.at}",and(updated_at.eq."${cursor.at}",id.gt.${cursor.postId})`;
      const result = await db
        .from('scheduled_posts')
        .select(COLUMNS)
        .in('status', LIVE)
        .or(after)
        .order('updated_at', { ascending: true })
        .order('id', { ascending: true })
        .limit(Math.min(Math.max(limit, 1), 1000));
      return unwrap<unknown[]>(op, result).map((row) => parse(op, postRow, row));
    },
    async post(postId) {
      const op = 'read a MediaPoster post';
      if (!UUID.test(postId)) return null;
      const row = unwrap<unknown>(
        op,
        await db.from('scheduled_posts').select(COLUMNS).eq('id', postId.toLowerCase()).maybeSingle(),
      );
      return row === null ? null : parse(op, postRow, row);
    },
  };
}
