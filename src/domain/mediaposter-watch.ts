import { videoPostedAnnouncement, type Incoming } from './incoming-mediaposter';

/**
 * The MediaPoster watcher's rules: where it reads from, and what a post found live announces — the
 * same announcement (and so the same event key and the same outreach workflow) as MediaPoster's
 * own webhook for that post, so a video seen both ways is acted on once.
 */

export interface WatchCursor {
  /** MediaPoster's updated_at of the last post handled, exactly as its data API rendered it. */
  at: string;
  postId: string;
}

export interface LivePost {
  id: string;
  /** The video it publishes: videos.id, or an 'ext_…' id when MediaPoster's ingest failed; null: none. */
  contentId: string | null;
  platform: string;
  title: string | null;
  platformUrl: string | null;
  updatedAt: string;
}

/** Below every uuid: a cursor that starts at a time takes every post changed at that time. */
export const FIRST_POST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Where a watcher that has never run starts: now. A first run must not treat the whole posting
 * history as new — that would DM the audience of every video ever posted.
 */
export function initialCursor(nowMs: number): WatchCursor {
  return { at: new Date(nowMs).toISOString(), postId: FIRST_POST_ID };
}

export function cursorAfter(posts: readonly LivePost[], previous: WatchCursor): WatchCursor {
  const last = posts.at(-1);
  return last ? { at: last.updatedAt, postId: last.id } : previous;
}

/** One announcement per post that names a video; a post without one cannot lead to outreach. */
export function announcementsOf(posts: readonly LivePost[]): Extract<Incoming, { kind: 'event' }>[] {
  return posts.flatMap((p) =>
    p.contentId ? [videoPostedAnnouncement(p.contentId, p.id, p.platform, p.title, p.platformUrl)] : [],
  );
}
