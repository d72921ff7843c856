/**
 * One "shareable video" out of MediaPoster's rows (mediaposter.md §3, §7), for DMs that render
 * {{video_title}} and {{video_url}}. MediaPoster has no single "published video" row: the library
 * row (`videos`) often lacks a title, and the public links live on `scheduled_posts`, mixed with
 * scheduled, stuck, failed and simulated publishes. So every field is a fallback chain, and a URL is
 * only ever one a stranger can open.
 *
 * Decisions, each a case in test/domain/shareable-video.test.ts:
 * - "Live" means status posted or published (MediaPoster writes both). Only a live post with an
 *   https URL that is not a simulated publish (`/simulated/`) gives a URL, in `urls` and `posts`.
 * - Platform slugs are trimmed and lower-cased, and 'twitter' becomes 'x', everywhere.
 * - Posts are ordered newest first: by published_at, then scheduled_time (then id, for stability).
 *   "Newest published" picks from that order, so a platform posted twice keeps its newest URL.
 * - Blank strings count as NULL; an empty topic list falls through to the next source.
 */

export interface VideoRow {
  id: string;
  title: string | null;
  file_name: string | null;
  created_at: string;
}
export interface AnalysisRow {
  topics: string[] | null;
  pillar_tags: string[] | null;
  format_tags: string[] | null;
}
export interface PostRow {
  id: string;
  content_id: string | null;
  platform: string;
  status: string | null;
  title: string | null;
  caption: string | null;
  hashtags: string[] | null;
  platform_url: string | null;
  published_at: string | null;
  scheduled_time: string;
}

export interface ShareablePost {
  id: string;
  platform: string;
  status: string | null;
  url: string | null;
  publishedAt: string | null;
}
export interface ShareableVideo {
  /** videos.id, or the content_id the posts share when there is no videos row (e.g. 'ext_…'). */
  id: string;
  /** videos.title → newest live post's title → any post's title → file_name without extension. */
  title: string | null;
  /** An Instagram post's caption (live ones first), else the newest live post's caption. */
  caption: string | null;
  /** analysis.topics, else pillar_tags + format_tags, else the posts' hashtags (no '#', lower-case). */
  topics: string[];
  /**
   * Every descriptive word MediaPoster has for the video, for matching it to the contacts it may
   * interest: topics, pillar tags, format tags and the posts' hashtags together (unlike `topics`,
   * which is one source for display), each once, first seen first.
   */
  keywords: string[];
  /** Public URL per platform slug, newest live post first wins. */
  urls: Record<string, string>;
  /** Newest published_at among the posts that gave a public URL. */
  postedAt: string | null;
  /** Every post, newest first; `url` is set only when it is public. */
  posts: ShareablePost[];
}

const LIVE = new Set(['posted', 'published']);
/** After Instagram (the DM's own platform): the order a link is most likely to play inline. */
const DM_PREFERENCE = ['instagram', 'youtube', 'tiktok', 'x'];

const text = (s: string | null | undefined): string | null => (s?.trim() ? s.trim() : null);
const isLive = (status: string | null): boolean => LIVE.has(status?.trim().toLowerCase() ?? '');
/** Epoch ms; a missing or unparsable time sorts last. */
const time = (iso: string | null): number => {
  const ms = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? Number.MIN_SAFE_INTEGER : ms;
};

/** Lower-case slug; MediaPoster writes X as either 'x' or 'twitter'. */
export function platformSlug(platform: string): string {
  const slug = platform.trim().toLowerCase();
  return slug === 'twitter' ? 'x' : slug;
}

/** Safe to send to a stranger: live, https, and not a simulated publish (no BLOTATO_API_KEY). */
export function isPublicPostUrl(post: Pick<PostRow, 'status' | 'platform_url'>): boolean {
  const url = text(post.platform_url);
  return (
    isLive(post.status) &&
    url !== null &&
    /^https:\/\/[^\s/]+\S*$/i.test(url) &&
    !url.toLowerCase().includes('/simulated/')
  );
}

/** null when MediaPoster knows nothing under this id: no videos row and no posts. */
export function buildShareableVideo(
  id: string,
  video: VideoRow | null,
  analysis: AnalysisRow | null,
  posts: PostRow[],
): ShareableVideo | null {
  if (!video && posts.length === 0) return null;
  const sorted = [...posts].sort(newestFirst);
  const live = sorted.filter((p) => isLive(p.status));
  const pub = sorted.filter(isPublicPostUrl);
  const urls: Record<string, string> = {};
  for (const p of pub) urls[platformSlug(p.platform)] ??= text(p.platform_url) as string;
  const instagram = sorted.filter((p) => platformSlug(p.platform) === 'instagram');
  const instagramLiveFirst = [
    ...instagram.filter((p) => isLive(p.status)),
    ...instagram.filter((p) => !isLive(p.status)),
  ];
  return {
    id: video?.id ?? id,
    title:
      text(video?.title) ??
      firstText(live, 'title') ??
      firstText(sorted, 'title') ??
      fileStem(video?.file_name ?? null),
    caption: firstText(instagramLiveFirst, 'caption') ?? firstText(live, 'caption'),
    topics: topicsOf(analysis, sorted),
    keywords: keywordsOf(analysis, sorted),
    urls,
    postedAt: pub.find((p) => p.published_at !== null)?.published_at ?? null,
    posts: sorted.map((p) => ({
      id: p.id,
      platform: platformSlug(p.platform),
      status: p.status,
      url: isPublicPostUrl(p) ? text(p.platform_url) : null,
      publishedAt: p.published_at,
    })),
  };
}

/** The URL to put in an Instagram DM: instagram's, else youtube, tiktok, x, then any other (newest first); null if none is public. */
export function dmVideoUrl(v: ShareableVideo): string | null {
  for (const slug of [...DM_PREFERENCE, ...Object.keys(v.urls)]) {
    const url = v.urls[slug];
    if (url) return url;
  }
  return null;
}

function newestFirst(a: PostRow, b: PostRow): number {
  return (
    time(b.published_at) - time(a.published_at) ||
    time(b.scheduled_time) - time(a.scheduled_time) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function firstText(posts: PostRow[], field: 'title' | 'caption'): string | null {
  for (const p of posts) {
    const value = text(p[field]);
    if (value) return value;
  }
  return null;
}

/** 'IMG_1302.MOV' → 'IMG_1302'; a leading-dot name or one without an extension is kept whole. */
function fileStem(fileName: string | null): string | null {
  const base = text(fileName)?.split(/[/\\]/).pop() ?? null;
  if (!base) return null;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function topicsOf(analysis: AnalysisRow | null, posts: PostRow[]): string[] {
  const topics = unique(analysis?.topics ?? []);
  if (topics.length > 0) return topics;
  const tags = unique([...(analysis?.pillar_tags ?? []), ...(analysis?.format_tags ?? [])]);
  if (tags.length > 0) return tags;
  return unique(hashtagsOf(posts));
}

/**
 * Matching ignores case, so 'Editing' (a topic) and '#editing' (a hashtag) are one keyword: the first
 * spelling seen is kept.
 */
function keywordsOf(analysis: AnalysisRow | null, posts: PostRow[]): string[] {
  const all = unique([
    ...(analysis?.topics ?? []),
    ...(analysis?.pillar_tags ?? []),
    ...(analysis?.format_tags ?? []),
    ...hashtagsOf(posts),
  ]);
  const byKey = new Map<string, string>();
  for (const k of all) if (!byKey.has(k.toLowerCase())) byKey.set(k.toLowerCase(), k);
  return [...byKey.values()];
}

/** Without '#', lower-cased, in post order (not yet unique). */
function hashtagsOf(posts: PostRow[]): string[] {
  // Older scheduler code stored several tags in one string: split on spaces and commas too.
  const hashtags = posts.flatMap((p) => (p.hashtags ?? []).flatMap((h) => h.split(/[\s,]+/)));
  return hashtags.map((h) => h.replace(/^#+/, '').toLowerCase());
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}
