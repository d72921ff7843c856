import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildShareableVideo,
  dmVideoUrl,
  isPublicPostUrl,
  type AnalysisRow,
  type PostRow,
  type ShareableVideo,
  type VideoRow,
} from '../../src/domain/shareable-video';

const ID = '6f1d2a10-0000-4000-8000-0000000000aa';
const video = (over: Partial<VideoRow> = {}): VideoRow => ({
  id: ID,
  title: 'Library title',
  file_name: 'IMG_1302.MOV',
  created_at: '2025-01-01T00:00:00+00:00',
  ...over,
});
const analysis = (over: Partial<AnalysisRow> = {}): AnalysisRow => ({
  topics: null,
  pillar_tags: null,
  format_tags: null,
  ...over,
});
let n = 0;
/** A live post published on 2025-02-<day>, with a real-looking URL unless overridden. */
const post = (platform: string, day: number, over: Partial<PostRow> = {}): PostRow => ({
  id: `p${++n}`,
  content_id: ID,
  platform,
  status: 'posted',
  title: null,
  caption: null,
  hashtags: null,
  platform_url: `https://${platform}.com/p/${day}`,
  published_at: `2025-02-${String(day).padStart(2, '0')}T12:00:00+00:00`,
  scheduled_time: `2025-02-${String(day).padStart(2, '0')}T11:00:00+00:00`,
  ...over,
});
const pending = (platform: string, day: number, status: string | null, over: Partial<PostRow> = {}): PostRow =>
  post(platform, day, { status, platform_url: null, published_at: null, ...over });
const build = (v: VideoRow | null, posts: PostRow[], a: AnalysisRow | null = null): ShareableVideo => {
  const built = buildShareableVideo(ID, v, a, posts);
  assert.ok(built);
  return built;
};

describe('isPublicPostUrl', () => {
  const cases: [string, string | null, string | null, boolean][] = [
    ['posted https', 'posted', 'https://www.instagram.com/reel/C3x/', true],
    ['published https', 'published', 'https://youtube.com/shorts/abc', true],
    ['status case and spaces', ' Posted ', 'https://x.com/a/status/1', true],
    ['simulated publish', 'posted', 'https://instagram.com/simulated/sim_a7c3_1732', false],
    ['simulated, upper-case', 'posted', 'https://TIKTOK.com/SIMULATED/1', false],
    ['http only', 'posted', 'http://www.instagram.com/reel/C3x/', false],
    ['not a URL', 'posted', 'C3xYz12AbCd', false],
    ['https without a host', 'posted', 'https:///reel', false],
    ['no URL', 'posted', null, false],
    ['scheduled', 'scheduled', 'https://www.instagram.com/reel/C3x/', false],
    ['publishing (stuck retry)', 'publishing', 'https://x.com/a/status/1', false],
    ['failed', 'failed', 'https://x.com/a/status/1', false],
    ['null status', null, 'https://x.com/a/status/1', false],
  ];
  for (const [name, status, url, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(isPublicPostUrl({ status, platform_url: url }), expected));
  }
});

describe('buildShareableVideo: title', () => {
  const cases: [string, VideoRow | null, PostRow[], string | null][] = [
    ['the library title first', video(), [post('instagram', 3, { title: 'Post title' })], 'Library title'],
    [
      'null title: newest live post title',
      video({ title: null }),
      [
        post('tiktok', 2, { title: 'Older' }),
        post('instagram', 3, { title: 'Newest' }),
        pending('youtube', 9, 'scheduled', { title: 'Scheduled' }),
      ],
      'Newest',
    ],
    ['blank title counts as none', video({ title: '  ' }), [post('x', 3, { title: 'From X' })], 'From X'],
    [
      'no live post title: any post title',
      video({ title: null }),
      [post('x', 3), pending('youtube', 5, 'failed', { title: 'Failed one' })],
      'Failed one',
    ],
    ['no titles: file name without extension', video({ title: null }), [post('x', 3)], 'IMG_1302'],
    [
      'only the last extension goes',
      video({ title: null, file_name: 'neon-runner-03_ready.v2.mp4' }),
      [],
      'neon-runner-03_ready.v2',
    ],
    ['a name without extension stays', video({ title: null, file_name: 'export' }), [], 'export'],
    ['nothing at all', video({ title: null, file_name: null }), [post('x', 3)], null],
    ['no videos row: from the posts', null, [pending('threads', 3, 'failed', { title: 'Ext title' })], 'Ext title'],
  ];
  for (const [name, v, posts, expected] of cases) it(name, () => assert.equal(build(v, posts).title, expected));
});

describe('buildShareableVideo: URLs', () => {
  const cases: [string, PostRow[], Record<string, string>, string | null][] = [
    [
      'one per platform',
      [post('instagram', 3), post('tiktok', 2)],
      { instagram: 'https://instagram.com/p/3', tiktok: 'https://tiktok.com/p/2' },
      '2025-02-03T12:00:00+00:00',
    ],
    [
      'simulated and http dropped',
      [
        post('instagram', 3, { platform_url: 'https://instagram.com/simulated/sim_1' }),
        post('tiktok', 4, { platform_url: 'http://tiktok.com/v/1' }),
      ],
      {},
      null,
    ],
    [
      'x and twitter merged, newest wins',
      [
        post('twitter', 2, { platform_url: 'https://twitter.com/a/status/1' }),
        post('x', 5, { platform_url: 'https://x.com/a/status/2' }),
      ],
      { x: 'https://x.com/a/status/2' },
      '2025-02-05T12:00:00+00:00',
    ],
    [
      'slugs lower-cased',
      [post('Instagram', 4)],
      { instagram: 'https://Instagram.com/p/4' },
      '2025-02-04T12:00:00+00:00',
    ],
    [
      'newest published wins within a platform',
      [
        post('instagram', 2, { platform_url: 'https://instagram.com/old' }),
        post('instagram', 6, { platform_url: 'https://instagram.com/new' }),
      ],
      { instagram: 'https://instagram.com/new' },
      '2025-02-06T12:00:00+00:00',
    ],
    [
      'failed, scheduled, publishing never give one, even with a URL',
      [
        pending('x', 3, 'failed', { platform_url: 'https://x.com/a/1' }),
        pending('instagram', 9, 'scheduled', { platform_url: 'https://instagram.com/p/9' }),
        pending('twitter', 4, 'publishing'),
      ],
      {},
      null,
    ],
    [
      'postedAt ignores posts without a public URL',
      [post('tiktok', 2), post('instagram', 8, { platform_url: 'https://instagram.com/simulated/8' })],
      { tiktok: 'https://tiktok.com/p/2' },
      '2025-02-02T12:00:00+00:00',
    ],
  ];
  for (const [name, posts, urls, postedAt] of cases) {
    it(name, () => {
      const v = build(video(), posts);
      assert.deepEqual(v.urls, urls);
      assert.equal(v.postedAt, postedAt);
      assert.deepEqual(
        v.posts
          .filter((p) => p.url !== null)
          .map((p) => p.url)
          .sort(),
        [...new Set(posts.filter(isPublicPostUrl).map((p) => p.platform_url))].sort(),
      );
    });
  }

  it('lists every post newest first, slugs normalised, URL only when public', () => {
    const v = build(video(), [
      post('twitter', 2),
      pending('instagram', 9, 'scheduled'),
      post('tiktok', 5, { platform_url: 'https://tiktok.com/simulated/1' }),
    ]);
    assert.deepEqual(
      v.posts.map((p) => [p.platform, p.status, p.url, p.publishedAt]),
      [
        ['tiktok', 'posted', null, '2025-02-05T12:00:00+00:00'],
        ['x', 'posted', 'https://twitter.com/p/2', '2025-02-02T12:00:00+00:00'],
        ['instagram', 'scheduled', null, null],
      ],
    );
  });
});

describe('buildShareableVideo: caption and topics', () => {
  it('caption: the Instagram post first, live ones before others', () => {
    const posts = [
      post('tiktok', 9, { caption: 'tiktok' }),
      pending('instagram', 10, 'scheduled', { caption: 'ig scheduled' }),
      post('instagram', 2, { caption: 'ig live' }),
    ];
    assert.equal(build(video(), posts).caption, 'ig live');
    assert.equal(build(video(), posts.slice(0, 2)).caption, 'ig scheduled');
  });
  it('caption: else the newest live post that has one; a failed post never', () => {
    assert.equal(
      build(video(), [post('tiktok', 2, { caption: 'old' }), post('x', 5, { caption: 'new' }), post('youtube', 6)])
        .caption,
      'new',
    );
    assert.equal(build(video(), [pending('x', 5, 'failed', { caption: 'failed' })]).caption, null);
  });

  const hashtagPosts = [
    post('instagram', 3, { hashtags: ['#Editing', '#creator'] }),
    post('tiktok', 2, { hashtags: ['editing', '#CapCut #tips'] }),
  ];
  const cases: [string, AnalysisRow | null, string[]][] = [
    [
      'analysis topics first',
      analysis({ topics: ['AI news', 'animation', 'AI news'], pillar_tags: ['education'] }),
      ['AI news', 'animation'],
    ],
    [
      'empty topics: pillar + format tags',
      analysis({ topics: [], pillar_tags: ['education'], format_tags: ['listicle', 'education'] }),
      ['education', 'listicle'],
    ],
    [
      'no tags: hashtags without #, lower-case, unique',
      analysis({ topics: null }),
      ['editing', 'creator', 'capcut', 'tips'],
    ],
    ['no analysis row: hashtags', null, ['editing', 'creator', 'capcut', 'tips']],
  ];
  for (const [name, a, expected] of cases)
    it(`topics: ${name}`, () => assert.deepEqual(build(video(), hashtagPosts, a).topics, expected));
  it('topics: nothing anywhere', () => assert.deepEqual(build(video(), [post('x', 1)], analysis()).topics, []));
});

describe('buildShareableVideo: keywords', () => {
  const hashtagPosts = [
    post('instagram', 3, { hashtags: ['#Editing', '#creator'] }),
    post('tiktok', 2, { hashtags: ['editing', '#CapCut #tips,#Ideas'] }),
  ];
  it('every source together: topics, pillar tags, format tags, then hashtags (newest post first)', () => {
    const v = build(
      video(),
      hashtagPosts,
      analysis({ topics: [' AI news '], pillar_tags: ['education'], format_tags: ['listicle'] }),
    );
    assert.deepEqual(v.keywords, ['AI news', 'education', 'listicle', 'editing', 'creator', 'capcut', 'tips', 'ideas']);
    assert.deepEqual(v.topics, ['AI news'], 'topics stays a fallback chain');
  });
  it('NULL arrays and no analysis row: the hashtags alone; nothing anywhere: empty', () => {
    assert.deepEqual(build(video(), hashtagPosts, analysis()).keywords, [
      'editing',
      'creator',
      'capcut',
      'tips',
      'ideas',
    ]);
    assert.deepEqual(build(video(), hashtagPosts, null).keywords, ['editing', 'creator', 'capcut', 'tips', 'ideas']);
    assert.deepEqual(
      build(video(), [post('x', 1, { hashtags: null })], analysis({ topics: [], format_tags: ['  '] })).keywords,
      [],
    );
  });
  it('duplicates once, across sources and regardless of case, first spelling kept', () => {
    const v = build(
      video(),
      hashtagPosts,
      analysis({ topics: ['Editing', 'tips', 'Editing'], pillar_tags: ['tips', 'editing'], format_tags: ['CapCut'] }),
    );
    assert.deepEqual(v.keywords, ['Editing', 'tips', 'CapCut', 'creator', 'ideas']);
  });
});

describe('buildShareableVideo: existence', () => {
  it('null when there is no video row and no posts', () =>
    assert.equal(buildShareableVideo(ID, null, analysis({ topics: ['x'] }), []), null));
  it('a video row alone is a record with no URLs', () => {
    assert.deepEqual(build(video(), []), {
      id: ID,
      title: 'Library title',
      caption: null,
      topics: [],
      keywords: [],
      urls: {},
      postedAt: null,
      posts: [],
    });
  });
  it('posts alone: the id they share', () =>
    assert.equal(
      buildShareableVideo('ext_3fa85f6457b2', null, null, [pending('threads', 1, 'failed')])?.id,
      'ext_3fa85f6457b2',
    ));
});

describe('dmVideoUrl', () => {
  const urls = (u: Record<string, string>): ShareableVideo => ({
    id: ID,
    title: null,
    caption: null,
    topics: [],
    keywords: [],
    urls: u,
    postedAt: null,
    posts: [],
  });
  const cases: [string, Record<string, string>, string | null][] = [
    ['instagram first', { tiktok: 't', instagram: 'i', youtube: 'y' }, 'i'],
    ['then youtube', { x: 'x', tiktok: 't', youtube: 'y' }, 'y'],
    ['then tiktok', { threads: 'th', x: 'x', tiktok: 't' }, 't'],
    ['then x', { threads: 'th', x: 'x' }, 'x'],
    ['then another platform, newest first', { threads: 'th', linkedin: 'li' }, 'th'],
    ['none', {}, null],
  ];
  for (const [name, u, expected] of cases) it(name, () => assert.equal(dmVideoUrl(urls(u)), expected));
  it('built from rows: the twitter post counts as x', () =>
    assert.equal(dmVideoUrl(build(video(), [post('twitter', 2), post('threads', 3)])), 'https://twitter.com/p/2'));
});
