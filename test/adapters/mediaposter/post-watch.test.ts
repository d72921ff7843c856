import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { createPostWatch, type PostWatch } from '../../../src/adapters/mediaposter/post-watch';
import { FIRST_POST_ID } from '../../../src/domain/mediaposter-watch';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// The watcher's reads of MediaPoster's seed: live posts after a (updated_at, id) cursor, and the
// video a post belongs to.

let sb: TestSupabase;
let watch: PostWatch;
before(async () => {
  sb = await startTestSupabase('pglite', 'mediaposter');
  watch = createPostWatch(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
});
after(async () => {
  await sb?.stop();
});

/** Posts …01 to …06 of the seed are posted or published; the rest are scheduled, pending, publishing or failed. */
const LIVE_IN_SEED = 6;

describe('MediaPoster post watch', () => {
  it('reads only posted and published posts, oldest change first, then steps past each exactly once', async () => {
    const all = await watch.liveSince({ at: '1970-01-01T00:00:00Z', postId: FIRST_POST_ID }, 100);
    assert.equal(all.length, LIVE_IN_SEED);
    const statuses = await sb.sql.query<{ id: string; status: string }>(`select id, status from scheduled_posts`);
    for (const p of all) assert.match(statuses.find((s) => s.id === p.id)!.status, /^(posted|published)$/);
    // Every seed row was written at once: one updated_at, so the id decides, and the cursor's
    // microseconds must survive the round trip for the keyset to step past the row it names.
    const seen: string[] = [];
    let cursor = { at: '1970-01-01T00:00:00Z', postId: FIRST_POST_ID };
    for (;;) {
      const page = await watch.liveSince(cursor, 2);
      if (page.length === 0) break;
      seen.push(...page.map((p) => p.id));
      cursor = { at: page.at(-1)!.updatedAt, postId: page.at(-1)!.id };
      assert.ok(seen.length <= LIVE_IN_SEED, 'no post read twice');
    }
    assert.deepEqual(
      seen,
      all.map((p) => p.id),
    );
  });

  it('finds the video of a post, and nothing for an unknown or malformed id', async () => {
    const post = await watch.post('A7C3E500-0000-4000-8000-000000000005');
    assert.deepEqual([post?.contentId, post?.platform], ['6f1d2a10-0000-4000-8000-000000000004', 'x']);
    assert.equal(await watch.post('a7c3e500-0000-4000-8000-0000000000ff'), null);
    assert.equal(await watch.post('not-a-uuid'), null);
  });
});
