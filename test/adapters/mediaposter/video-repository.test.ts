import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DbError } from '../../../src/adapters/db/db-errors';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { createVideoRepository, type VideoRepository } from '../../../src/adapters/mediaposter/video-repository';
import { dmVideoUrl, type ShareableVideo } from '../../../src/domain/shareable-video';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

/** Against supabase/mediaposter's seed: the ids and URLs below are its rows. */

const video = (n: number) => `6f1d2a10-0000-4000-8000-00000000000${n}`;
const IG_1 = 'https://www.instagram.com/reel/C3xYz12AbCd/';
const TIKTOK_1 = 'https://www.tiktok.com/@studio.maya/video/7301122334455';
const X_4 = 'https://x.com/studio_maya/status/1861234567890';
const IG_6 = 'https://www.instagram.com/reel/C4aBc98ZyXw/';

let sb: TestSupabase;
let repo: VideoRepository;
before(async () => {
  sb = await startTestSupabase('pglite', 'mediaposter');
  repo = createVideoRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
});
after(async () => {
  await sb?.stop();
});

async function read(id: string): Promise<ShareableVideo> {
  const v = await repo.shareableVideo(id);
  assert.ok(v, `${id} exists`);
  return v;
}

describe('MediaPoster video repository', () => {
  it('a video posted to Instagram and TikTok: both URLs, the Instagram one for DMs', async () => {
    const v = await read(video(1));
    assert.equal(v.id, video(1));
    assert.equal(v.title, 'Top 5 tips for faster edits');
    assert.deepEqual(v.urls, { instagram: IG_1, tiktok: TIKTOK_1 });
    assert.equal(dmVideoUrl(v), IG_1);
    assert.match(v.caption ?? '', /^5 edits that save me hours/);
    assert.deepEqual(v.topics, ['editing', 'productivity', 'design tips']);
    assert.equal(v.posts.length, 2);
    assert.ok(v.postedAt && v.posts.every((p) => p.publishedAt === v.postedAt), 'both went out at the same time');
  });

  it('only a simulated publish: no URL to share', async () => {
    const v = await read(video(3));
    assert.equal(v.title, 'Neon Runner - rooftop-chase-03');
    assert.deepEqual(v.urls, {});
    assert.equal(dmVideoUrl(v), null);
    assert.equal(v.postedAt, null);
    assert.deepEqual(
      v.posts.map((p) => [p.platform, p.status, p.url]),
      [['instagram', 'posted', null]],
    );
  });

  it('a NULL title falls back to the file name (its only post has no title); its x post is the link', async () => {
    const v = await read(video(4));
    assert.equal(v.title, 'IMG_1302');
    assert.deepEqual(v.urls, { x: X_4 });
    assert.equal(dmVideoUrl(v), X_4);
    assert.equal(v.caption, 'quick one from today 👀');
    assert.deepEqual(v.topics, ['content', 'media']);
  });

  it('a twitter post still publishing gives no x URL', async () => {
    const v = await read(video(6));
    assert.deepEqual(v.urls, { instagram: IG_6 });
    const x = v.posts.find((p) => p.platform === 'x');
    assert.deepEqual(x && { status: x.status, url: x.url, publishedAt: x.publishedAt }, {
      status: 'publishing',
      url: null,
      publishedAt: null,
    });
  });

  it('a placeholder content_id whose only post failed: a record without URLs', async () => {
    const v = await read('ext_3fa85f6457b2');
    assert.deepEqual(
      { ...v, posts: v.posts.map((p) => [p.platform, p.status, p.url]) },
      {
        id: 'ext_3fa85f6457b2',
        title: null,
        caption: null,
        topics: [],
        keywords: [],
        urls: {},
        postedAt: null,
        posts: [['threads', 'failed', null]],
      },
    );
  });

  it('an upper-case uuid finds the same video', async () => {
    const v = await read(video(2).toUpperCase());
    assert.equal(v.id, video(2));
    assert.deepEqual(v.urls, { youtube: 'https://www.youtube.com/shorts/dQw4w9WgXcQ' });
  });

  it('not yet posted, no analysis: title from the file name, topics from the hashtags', async () => {
    const pending = await read(video(5));
    assert.deepEqual(
      [pending.title, pending.topics, pending.urls, pending.posts.map((p) => p.status)],
      ['cleaned_chef-bot-07', [], {}, ['pending']],
    );
    const scheduled = await read(video(8));
    assert.deepEqual(
      [scheduled.title, scheduled.topics, scheduled.caption],
      ['Desk setup - minimal-01', ['desksetup', 'productivity'], null],
    );
  });

  it('unknown ids are null', async () => {
    assert.equal(await repo.shareableVideo('0b7e0c4c-1111-4222-8333-444455556666'), null);
    assert.equal(await repo.shareableVideo('not-a-video; drop table videos'), null);
    assert.equal(await repo.shareableVideo('   '), null);
  });

  // Last: it changes the schema. Older scheduler code wrote hashtags as one JSON string.
  it('a row that does not fit is DB_INVALID, not a half-filled record', async () => {
    await sb.sql.exec(
      `alter table scheduled_posts alter column hashtags type text using array_to_json(hashtags)::text; notify pgrst, 'reload schema';`,
    );
    await assert.rejects(
      async () => {
        // PostgREST reloads its schema cache asynchronously; until then the old shape may answer.
        for (let i = 0; i < 50; i++) {
          await repo.shareableVideo(video(1));
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      (err: unknown) =>
        err instanceof DbError && err.code === 'DB_INVALID' && !err.retryable && /hashtags/.test(err.message),
    );
  });
});
