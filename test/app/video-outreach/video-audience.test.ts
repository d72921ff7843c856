import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outreachVideoOf, scanAudience, skippedCounts } from '../../../src/app/video-outreach/video-audience';
import { buildShareableVideo, type PostRow } from '../../../src/domain/shareable-video';
import { videoInterest } from '../../../src/domain/audience-terms';
import { createAudienceSelector, type AudienceCandidate } from '../../../src/domain/video-audience';

// The audience step as the workflow and the preview run it, over an in-memory page source: which
// video may be shared at all, who is chosen, and the exact DM each gets.

const ID = '6f1d2a10-0000-4000-8000-0000000000aa';
const NOW = Date.UTC(2026, 10, 29, 12);
const post = (platform: string, url: string, over: Partial<PostRow> = {}): PostRow => ({
  id: `p-${platform}`,
  content_id: ID,
  platform,
  status: 'posted',
  title: null,
  caption: null,
  hashtags: ['#podcasting', '#audio'],
  platform_url: url,
  published_at: '2026-11-28T10:00:00Z',
  scheduled_time: '2026-11-28T09:00:00Z',
  ...over,
});
const person = (n: number, over: Partial<AudienceCandidate> = {}): AudienceCandidate => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  username: `person_${n}`,
  displayName: `Person ${n} Smith`,
  pipelineStage: 'first_touch',
  relationshipScore: 50,
  whatTheyreBuilding: null,
  currentFriction: null,
  theirDefinitionOfWin: null,
  fitSignals: [],
  tags: [],
  optedOut: false,
  recentInbound: [],
  lastContactedAt: null,
  ...over,
});
/** Pages from a list, as crm_audience_candidates gives them (keyset on id, below a bound, at most `limit`). */
const pages = (all: AudienceCandidate[]) => ({
  calls: 0,
  async candidates(_account: string, after: string | null, limit: number, below: string | null = null) {
    this.calls += 1;
    const sorted = [...all].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return sorted.filter((c) => (after === null || c.id > after) && (below === null || c.id < below)).slice(0, limit);
  },
});
const RULES = { minScore: 30, max: 2, cooldownMs: 7 * 86_400_000, nowMs: NOW };

describe('the audience step', () => {
  it('a video whose only post is a simulated publish has nothing to share; a real post elsewhere is shared instead', () => {
    const simulated = post('instagram', 'https://instagram.com/simulated/sim_1');
    assert.equal(outreachVideoOf(buildShareableVideo(ID, null, null, [simulated])!), null);
    const video = outreachVideoOf(
      buildShareableVideo(ID, null, null, [simulated, post('tiktok', 'https://www.tiktok.com/@me/video/1')])!,
    );
    assert.equal(video?.url, 'https://www.tiktok.com/@me/video/1');
  });

  it('reads both halves of the id space at once, each contact once, and chooses as from one list', async () => {
    const video = outreachVideoOf(
      buildShareableVideo(ID, null, null, [post('instagram', 'https://www.instagram.com/reel/Real1/')])!,
    )!;
    // Ids on both sides of 8000…, the best in the upper half, a tie across the halves.
    const at = (hex: string, n: number, over: Partial<AudienceCandidate>) => ({ ...person(n, over), id: hex });
    const people = [
      at('7fffffff-ffff-4fff-bfff-ffffffffffff', 1, { tags: ['podcasting'], relationshipScore: 50 }),
      at('80000000-0000-4000-8000-000000000000', 2, { tags: ['podcasting'], relationshipScore: 50 }),
      at('ffffffff-ffff-4fff-bfff-fffffffffff0', 3, {
        whatTheyreBuilding: 'a podcasting studio',
        relationshipScore: 90,
      }),
      ...Array.from({ length: 2_500 }, (_, n) =>
        at(`${(n * 1_711_111).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, 100 + n, {
          whatTheyreBuilding: 'furniture',
        }),
      ),
    ];
    const source = pages(people);
    const both = await scanAudience(source, 'acct', video, RULES);
    assert.ok(source.calls >= 4, `both halves read a page at a time (${source.calls} calls)`);
    assert.equal(both.result.counts.scanned, people.length, 'each contact read once');
    assert.equal(both.chosen[0]?.username, 'person_3', 'the best, from the upper half');
    // The same as one selector given every contact in id order.
    const single = createAudienceSelector(videoInterest(video), RULES);
    single.add([...people].sort((a, b) => (a.id < b.id ? -1 : 1)));
    assert.deepEqual(both.result, single.result());
  });

  it('chooses the best matches, writes each their DM with the real URL, and counts who was left out and why', async () => {
    // NULL titles everywhere: the DM falls back to "a new video" rather than showing a hole.
    const video = outreachVideoOf(
      buildShareableVideo(ID, null, null, [post('instagram', 'https://www.instagram.com/reel/Real1/')])!,
    )!;
    assert.equal(video.title, null);
    const people = [
      person(1, { whatTheyreBuilding: 'a podcasting studio', relationshipScore: 90 }),
      person(2, { tags: ['audio'], relationshipScore: 80 }),
      person(3, { whatTheyreBuilding: 'a podcasting network', optedOut: true }),
      person(4, { tags: ['podcasting'], lastContactedAt: new Date(NOW - 86_400_000).toISOString() }),
      person(5, { whatTheyreBuilding: 'a bakery' }),
      person(6, { tags: ['podcasting'], relationshipScore: 10 }),
      person(7, { tags: ['audio'], username: null }),
      ...Array.from({ length: 2_300 }, (_, n) => person(100 + n, { whatTheyreBuilding: 'furniture' })),
    ];
    const source = pages(people);
    const { chosen, result, unwritable } = await scanAudience(source, 'acct', video, RULES);
    // These ids all sort below 8000…: three pages there until a short one, one empty page above.
    assert.equal(source.calls, 4, 'every page of 1,000 read in each half of the ids, until a short one');
    assert.equal(result.counts.scanned, people.length, 'each contact read once');
    assert.deepEqual(
      chosen.map((c) => c.username),
      ['person_1', 'person_2'],
    );
    for (const c of chosen) {
      assert.ok(c.text.includes('https://www.instagram.com/reel/Real1/') && c.text.includes('a new video'), c.text);
      assert.doesNotMatch(c.text, /\{\{|undefined|null/);
    }
    assert.ok(chosen[0]!.text.includes('Person'), 'their first name');
    assert.match(chosen[0]!.text, /podcasting studio/, 'the reason it fits them, in their words');
    assert.deepEqual(unwritable, []);
    assert.deepEqual(skippedCounts({ result, chosen, unwritable }), {
      below_min_score: 2_301,
      opted_out: 1,
      no_handle: 1,
      cooldown: 1,
      over_limit: 1,
    });
  });
});
