import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createVideoListing, notConfiguredListing } from '../../src/adapters/mediaposter/video-listing';
import { createVideoRepository, notConfiguredVideos } from '../../src/adapters/mediaposter/video-repository';
import { createApp } from '../../src/api/app';
import { makeApiDeps, withKey } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// MediaPoster's library and schedule through the API, against its fixture (supabase/mediaposter:
// times are relative to the seeding), and with its data API not answering.

const video = (n: number) => `6f1d2a10-0000-4000-8000-00000000000${n}`;
let sb: TestSupabase;
let app: ReturnType<typeof createApp>;

before(async () => {
  sb = await startTestSupabase('pglite', 'mediaposter');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  app = createApp(
    makeApiDeps({ videos: createVideoRepository(db), videoListing: createVideoListing(db), now: Date.now }),
  );
});
after(async () => {
  await sb?.stop();
});

type Video = {
  id: string;
  title: string | null;
  topics: string[];
  urls: Record<string, string>;
  posts: { platform: string; url: string | null }[];
};
const get = async <T>(path: string, status = 200): Promise<T> => {
  const res = await app.request(path, withKey());
  assert.equal(res.status, status, `${path}: ${await res.clone().text()}`);
  return (await res.json()) as T;
};

describe('GET /api/mediaposter/*', () => {
  it('lists the newest videos as shareable records, in the original shape', async () => {
    const { videos, count } = await get<{ videos: Video[]; count: number }>('/api/mediaposter/videos?limit=3');
    assert.equal(count, 3);
    assert.deepEqual(
      videos.map((v) => v.id),
      [video(8), video(7), video(6)],
    );
    const six = videos[2]!;
    assert.equal(six.title, 'How I automate my content calendar');
    assert.deepEqual(Object.keys(six.urls), ['instagram'], 'the publishing x post gives no URL');
    assert.deepEqual(six.topics, ['automation', 'productivity', 'content strategy']);
    assert.deepEqual(videos[0]!.urls, {}, 'a video only scheduled has no public URL');
    assert.ok(videos[0]!.topics.includes('desksetup'), 'no analysis: topics from the hashtags');
  });

  it('lists videos that went live in the last hours, newest first, only live posts counting', async () => {
    const day = await get<{ videos: Video[] }>('/api/mediaposter/recent?hours=48');
    assert.deepEqual(
      day.videos.map((v) => v.id),
      [video(6)],
    );
    const all = await get<{ videos: Video[] }>('/api/mediaposter/recent?hours=2000');
    assert.deepEqual(
      all.videos.map((v) => v.id),
      [video(6), video(4), video(3), video(2), video(1)],
    );
    assert.ok(
      all.videos.every((v) =>
        Object.values(v.urls).every((u) => u.startsWith('https://') && !u.includes('/simulated/')),
      ),
    );
  });

  it('shows the schedule soonest first, with platform slugs normalised', async () => {
    const { schedule, count } = await get<{
      schedule: { id: string; video_id: string | null; platform: string; status: string }[];
      count: number;
    }>('/api/mediaposter/schedule');
    assert.equal(count, 4);
    assert.deepEqual(
      schedule.map((p) => [p.video_id, p.platform, p.status]),
      [
        [video(6), 'x', 'publishing'],
        [video(7), 'instagram', 'scheduled'],
        [video(8), 'tiktok', 'scheduled'],
        [video(5), 'youtube', 'pending'],
      ],
    );
  });

  it('reads one video by its id or by a content_id without a videos row; 404 for neither', async () => {
    const { video: one } = await get<{ video: Video }>(`/api/mediaposter/videos/${video(1).toUpperCase()}`);
    assert.equal(one.id, video(1));
    assert.deepEqual(one.posts.map((p) => p.platform).sort(), ['instagram', 'tiktok']);
    const { video: ext } = await get<{ video: Video }>('/api/mediaposter/videos/ext_3fa85f6457b2');
    assert.deepEqual([ext.id, ext.urls, ext.posts.length], ['ext_3fa85f6457b2', {}, 1]);
    await get('/api/mediaposter/videos/ext_nothing', 404);
  });

  it('refuses bad queries with 400', async () => {
    for (const q of [
      'videos?limit=0',
      'videos?limit=abc',
      'recent?hours=0',
      'recent?hours=x',
      'schedule?limit=100000',
    ]) {
      const body = await get<{ error: { code: string } }>(`/api/mediaposter/${q}`, 400);
      assert.equal(body.error.code, 'VALIDATION_FAILED', q);
    }
  });

  it('answers 503 MEDIAPOSTER_UNAVAILABLE when its data API does not answer, and the rest of the API still works', async () => {
    const down = createSupabase({ url: 'http://127.0.0.1:9', key: sb.serviceRoleKey });
    const downApp = createApp(
      makeApiDeps({ videos: createVideoRepository(down), videoListing: createVideoListing(down) }),
    );
    for (const path of [
      '/api/mediaposter/videos',
      '/api/mediaposter/recent',
      '/api/mediaposter/schedule',
      `/api/mediaposter/videos/${video(1)}`,
    ]) {
      const res = await downApp.request(path, withKey());
      assert.equal(res.status, 503, path);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'MEDIAPOSTER_UNAVAILABLE', path);
    }
    assert.equal((await downApp.request('/openapi.json')).status, 200);
  });

  it('answers 503 MEDIAPOSTER_NOT_CONFIGURED without its keys, and health says not_configured, not down', async () => {
    const bare = createApp(
      makeApiDeps({
        videos: notConfiguredVideos,
        videoListing: notConfiguredListing,
        config: { notConfigured: ['mediaposter'] },
      }),
    );
    for (const path of [
      '/api/mediaposter/videos',
      '/api/mediaposter/schedule',
      `/api/mediaposter/videos/${video(1)}`,
    ]) {
      const res = await bare.request(path, withKey());
      assert.equal(res.status, 503, path);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'MEDIAPOSTER_NOT_CONFIGURED', path);
    }
    const health = await bare.request('/health');
    assert.equal(health.status, 200);
    assert.equal(
      ((await health.json()) as { services: Record<string, string> }).services.mediaposter,
      'not_configured',
    );
  });
});
