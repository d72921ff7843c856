import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SupabaseClient } from '@supabase/supabase-js';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { createVideoListing, type VideoListing } from '../../../src/adapters/mediaposter/video-listing';
import { createVideoRepository, type VideoRepository } from '../../../src/adapters/mediaposter/video-repository';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// Content ids are MediaPoster's data, read back into a PostgREST filter (`content_id=in.(…)`): one
// holding `",` or other filter syntax must not change that filter. Over the MediaPoster fixture's
// data API, with posts whose content ids are built to break out of the list.

const video = (n: number) => `6f1d2a10-0000-4000-8000-00000000000${n}`;
const PLACEHOLDER = 'ext_0123456789ab';
const HOSTILE = [
  '",ext_3fa85f6457b2,"',
  `${video(2)}",${video(3)}`,
  `${video(5)}")`,
  'a",b',
  'x),content_id.not.is.null,id.in.(a',
  'ext_3fa85f6457b2\\',
  '"',
  'ext_0123456789abc',
  'a,b(c)',
];

let sb: TestSupabase;
let db: SupabaseClient;
let listing: VideoListing;
let videos: VideoRepository;
/** The content ids of the posts each `content_id=in.(…)` read answered with. */
const postsRead: string[][] = [];

before(async () => {
  sb = await startTestSupabase('pglite', 'mediaposter');
  db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  const watching: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.pathname.endsWith('/scheduled_posts') && url.searchParams.get('content_id')?.startsWith('in.')) {
      postsRead.push(((await res.clone().json()) as { content_id: string }[]).map((r) => r.content_id));
    }
    return res;
  };
  listing = createVideoListing(createSupabase({ url: sb.url, key: sb.serviceRoleKey }, watching));
  videos = createVideoRepository(db);
});
after(async () => {
  await sb?.stop();
});

async function postLive(contentId: string, n: number) {
  const at = new Date(Date.now() - 60_000 * (n + 1)).toISOString();
  const { error } = await db.from('scheduled_posts').insert({
    content_id: contentId,
    platform: 'instagram',
    status: 'posted',
    scheduled_time: at,
    published_at: at,
    title: `post ${n}`,
    platform_url: `https://www.instagram.com/reel/Hostile${n}/`,
  });
  assert.equal(error, null);
}

describe('MediaPoster content ids in PostgREST filters', () => {
  it('a post whose content id is filter syntax is left out; the other videos, a placeholder id among them, are listed as before', async () => {
    const beforeIds = (await listing.recent(new Date(Date.now() - 30 * 86_400_000).toISOString(), 100)).map(
      (v) => v.id,
    );
    assert.deepEqual(beforeIds, [video(6), video(4), video(3), video(2), video(1)]);
    await postLive(PLACEHOLDER, 0);
    for (const [n, id] of HOSTILE.entries()) await postLive(id, n + 1);
    postsRead.length = 0;
    const listed = await listing.recent(new Date(Date.now() - 30 * 86_400_000).toISOString(), 100);
    assert.deepEqual(
      listed.map((v) => v.id),
      [PLACEHOLDER, ...beforeIds],
    );
    // The filter asked for these videos' posts and got only theirs: no failed ext_3fa85f6457b2 post
    // pulled in by '",ext_3fa85f6457b2,"', no hostile post at all.
    assert.deepEqual(
      postsRead.flat().sort(),
      [PLACEHOLDER, video(1), video(1), video(2), video(3), video(4), video(6), video(6)].sort(),
    );
    const placeholder = listed[0]!;
    assert.deepEqual(
      [placeholder.urls, placeholder.posts.map((p) => p.url)],
      [{ instagram: 'https://www.instagram.com/reel/Hostile0/' }, ['https://www.instagram.com/reel/Hostile0/']],
    );
    assert.deepEqual(listed.find((v) => v.id === video(2))?.posts.length, 1, 'video 2 has only its own post');
  });

  it('posts with such content ids do not take the places of real videos in a short list', async () => {
    const listed = await listing.recent(new Date(Date.now() - 30 * 86_400_000).toISOString(), 5);
    assert.deepEqual(
      listed.map((v) => v.id),
      [PLACEHOLDER, video(6), video(4), video(3), video(2)],
    );
  });

  it('a content id that is neither a uuid nor a placeholder names no video', async () => {
    for (const id of HOSTILE) assert.equal(await videos.shareableVideo(id), null, id);
    assert.equal((await videos.shareableVideo(PLACEHOLDER))?.id, PLACEHOLDER);
  });
});
