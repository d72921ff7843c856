import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildShareableVideo } from '../../src/domain/shareable-video';
import { renderTemplate } from '../../src/domain/templating';
import { ACTION_LANES } from '../../src/domain/types';
import {
  createAudienceSelector,
  fitReason,
  matchContact,
  selectAudience,
  videoInterest,
  type AudienceCandidate,
  type AudienceMember,
  type AudienceRules,
  type MatchReason,
  type MatchSource,
} from '../../src/domain/video-audience';
import { VIDEO_TEMPLATES, videoTemplateFor } from '../../src/domain/video-outreach-templates';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const DAY = 86_400_000;
let n = 0;
const candidate = (over: Partial<AudienceCandidate> = {}): AudienceCandidate => ({
  id: `c${String(++n).padStart(6, '0')}`,
  username: `user${n}`,
  displayName: null,
  pipelineStage: 'first_touch',
  relationshipScore: null,
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
const interest = (...keywords: string[]) => videoInterest({ keywords, topics: [] });
const rules = (over: Partial<AudienceRules> = {}): AudienceRules => ({
  minScore: 20,
  max: 10,
  cooldownMs: 0,
  nowMs: NOW,
  ...over,
});
const PODCAST = interest('podcasting', 'AI tools');
const reasonsOf = (c: AudienceCandidate, i = PODCAST) =>
  matchContact(i, c).reasons.map((r) => [r.source, r.term, r.points]);
const ids = (members: readonly AudienceMember[]) => members.map((m) => m.candidate.id);

describe('videoInterest', () => {
  it('splits camelCase, snake_case and kebab-case, lower-cases and drops duplicates', () => {
    const terms = interest('ContentCreation', 'content_creation', 'content-creation', '#PodcastTips', 'AITools').terms;
    assert.deepEqual(terms, [
      { label: 'content creation', tokens: ['content', 'creation'] },
      { label: 'podcast tips', tokens: ['podcast', 'tip'] },
      { label: 'ai tools', tokens: ['ai', 'tool'] },
    ]);
  });
  it('drops stopwords, one-letter words and terms left empty; stems "s" and "ing"', () => {
    assert.deepEqual(
      interest('How to edit a video', 'the reels', 'x', 'Podcasts', 'editing', 'business').terms.map((t) => t.tokens),
      [['edit'], ['podcast'], ['business']],
    );
  });
  it('falls back to topics only when keywords is empty', () => {
    assert.deepEqual(
      videoInterest({ keywords: [], topics: ['Design'] }).terms.map((t) => t.label),
      ['design'],
    );
    assert.deepEqual(
      videoInterest({ keywords: ['editing'], topics: ['Design'] }).terms.map((t) => t.label),
      ['editing'],
    );
    assert.deepEqual(videoInterest({ keywords: [], topics: [] }).terms, []);
  });
});

describe('matchContact', () => {
  it('a contact building the topic matches with a building reason', () => {
    const m = matchContact(PODCAST, candidate({ whatTheyreBuilding: 'A podcast studio for local bands' }));
    assert.deepEqual(m, { score: 40, reasons: [{ source: 'building', term: 'podcasting', points: 40 }] });
  });
  const sources: [MatchSource, Partial<AudienceCandidate>, number][] = [
    ['friction', { currentFriction: 'editing podcasts takes forever' }, 25],
    ['win', { theirDefinitionOfWin: 'a weekly podcast with 1k listeners' }, 20],
    ['tags', { tags: ['music', 'Podcaster?', 'podcasts'] }, 30],
    ['fit_signals', { fitSignals: ['podcast', 'audio'] }, 20],
    ['messages', { recentInbound: ['started my own podcast lol'] }, 15],
  ];
  for (const [source, over, points] of sources) {
    it(`${source} matches for ${points} points`, () =>
      assert.deepEqual(reasonsOf(candidate(over)), [[source, 'podcasting', points]]));
  }
  it('a contact word that is a stopword does not count, even when it stems to a video token', () => {
    const i = interest('posting');
    assert.deepEqual(i.terms, [{ label: 'posting', tokens: ['post'] }]);
    assert.deepEqual(reasonsOf(candidate({ tags: ['new posts'] }), i), []);
    assert.deepEqual(reasonsOf(candidate({ tags: ['Posting daily'] }), i), [['tags', 'posting', 30]]);
  });
  it('a term needs all its words: "AI tools" matches "tools for AI" but not "said" or "AI" alone', () => {
    assert.deepEqual(reasonsOf(candidate({ tags: ['tools', 'ai'] })), [['tags', 'ai tools', 30]]);
    assert.deepEqual(reasonsOf(candidate({ whatTheyreBuilding: 'an app, she said, with tools' })), []);
    assert.deepEqual(reasonsOf(candidate({ whatTheyreBuilding: 'an AI startup' })), []);
    assert.deepEqual(reasonsOf(candidate({ recentInbound: ['she said it'] }), interest('ai')), []);
    assert.deepEqual(reasonsOf(candidate({ recentInbound: ['trying AI tools'] }), interest('ai')), [
      ['messages', 'ai', 15],
    ]);
  });
  it('a run-together hashtag keyword finds the words apart, in camelCase or kebab-case', () => {
    const i = interest('contentcreation');
    for (const text of ['tips on content creation', 'ContentCreation', 'content-creation!', 'Content Creations']) {
      assert.deepEqual(
        reasonsOf(candidate({ whatTheyreBuilding: text }), i),
        [['building', 'contentcreation', 40]],
        text,
      );
    }
    assert.deepEqual(reasonsOf(candidate({ whatTheyreBuilding: 'content for a creation myth' }), i), []);
  });
  it('hashtags and camelCase on the contact side match too', () => {
    const c = candidate({ recentInbound: ['love this #ContentCreation stuff'], tags: ['content_creation'] });
    assert.deepEqual(reasonsOf(c, interest('content creation')), [
      ['tags', 'content creation', 30],
      ['messages', 'content creation', 15],
    ]);
  });
  it('messages count at most two terms; the score is capped at 100', () => {
    const i = interest('editing', 'lighting', 'audio', 'podcast');
    const chatty = matchContact(
      i,
      candidate({ recentInbound: ['my audio and lighting suck', 'editing a podcast today'] }),
    );
    assert.deepEqual(chatty, {
      score: 30,
      reasons: [
        { source: 'messages', term: 'editing', points: 15 },
        { source: 'messages', term: 'lighting', points: 15 },
      ],
    });
    const all = candidate({
      whatTheyreBuilding: 'a podcast',
      currentFriction: 'editing',
      theirDefinitionOfWin: 'better audio',
      tags: ['lighting'],
    });
    assert.equal(matchContact(i, all).score, 100);
  });
  it('reasons: points desc, then building, friction, win, tags, fit_signals, messages', () => {
    const c = candidate({
      fitSignals: ['podcasting'],
      theirDefinitionOfWin: 'my podcast',
      recentInbound: ['podcast!'],
      tags: ['podcasts'],
      currentFriction: 'podcast gear',
    });
    const order = matchContact(PODCAST, c).reasons.map((r: MatchReason) => r.source);
    assert.deepEqual(order, ['tags', 'friction', 'win', 'fit_signals', 'messages']);
  });
});

describe('selectAudience', () => {
  it('unrelated interests are below the minimum and not kept', () => {
    const r = selectAudience(
      PODCAST,
      [candidate({ whatTheyreBuilding: 'a bakery', tags: ['bread'] }), candidate()],
      rules({ minScore: 1 }),
    );
    assert.deepEqual(r.counts, {
      scanned: 2,
      matched: 0,
      belowMinScore: 2,
      opted_out: 0,
      no_handle: 0,
      cooldown: 0,
      over_limit: 0,
    });
    assert.deepEqual([r.chosen, r.excluded], [[], []]);
  });
  it('a contact with no reason never matches, even at minScore 0', () => {
    const r = selectAudience(
      PODCAST,
      [candidate({ tags: ['bread'] }), candidate({ tags: ['podcast'] })],
      rules({ minScore: 0 }),
    );
    assert.deepEqual([r.counts.matched, r.counts.belowMinScore, r.chosen.length], [1, 1, 1]);
  });
  it('minScore is inclusive: 20 points pass at 20, not at 21', () => {
    const c = candidate({ fitSignals: ['podcast'] });
    assert.equal(selectAudience(PODCAST, [c], rules({ minScore: 20 })).chosen.length, 1);
    assert.equal(selectAudience(PODCAST, [c], rules({ minScore: 21 })).counts.belowMinScore, 1);
  });
  it('opted out, then no handle, then cooldown, each counted and sampled', () => {
    const building = { whatTheyreBuilding: 'podcast' };
    const cs = [
      candidate({ ...building, optedOut: true, username: null }),
      candidate({ ...building, username: null }),
      candidate({ ...building, username: '  ' }),
      candidate({ ...building, lastContactedAt: new Date(NOW - DAY).toISOString() }),
      candidate(building),
    ];
    const r = selectAudience(PODCAST, cs, rules({ cooldownMs: 7 * DAY }));
    assert.deepEqual(ids(r.chosen), [cs[4]!.id]);
    assert.deepEqual(r.excluded.map((e) => [e.candidate.id, e.excluded]).sort(), [
      [cs[0]!.id, 'opted_out'],
      [cs[1]!.id, 'no_handle'],
      [cs[2]!.id, 'no_handle'],
      [cs[3]!.id, 'cooldown'],
    ]);
    assert.deepEqual(r.counts, {
      scanned: 5,
      matched: 5,
      belowMinScore: 0,
      opted_out: 1,
      no_handle: 2,
      cooldown: 1,
      over_limit: 0,
    });
  });
  it('cooldown: inside the window excluded, outside kept, 0 keeps all, an unparsable date is never', () => {
    const at = (ms: number | string) =>
      candidate({ tags: ['podcast'], lastContactedAt: typeof ms === 'string' ? ms : new Date(ms).toISOString() });
    const cs = [at(NOW - 2 * DAY), at(NOW - 8 * DAY), at(NOW - 7 * DAY), at(NOW + DAY), at('not a date')];
    const week = selectAudience(PODCAST, cs, rules({ cooldownMs: 7 * DAY }));
    assert.deepEqual(ids(week.chosen).sort(), [cs[1]!.id, cs[2]!.id, cs[4]!.id]);
    assert.deepEqual(week.excluded.map((e) => e.candidate.id).sort(), [cs[0]!.id, cs[3]!.id]);
    assert.equal(selectAudience(PODCAST, cs, rules({ cooldownMs: 0 })).chosen.length, 5);
  });
  it('max: best first by score, then relationship score (never scored last), then handle', () => {
    const best = candidate({ username: 'zed', whatTheyreBuilding: 'podcast', tags: ['podcast'] });
    const tie = (username: string, relationshipScore: number | null) =>
      candidate({ username, relationshipScore, tags: ['podcast'] });
    const cs = [tie('amy', null), tie('bob', 50), tie('cat', 80), tie('abe', 50), best, tie('dan', 0)];
    const r = selectAudience(PODCAST, cs, rules({ max: 3 }));
    assert.deepEqual(
      r.chosen.map((m) => m.candidate.username),
      ['zed', 'cat', 'abe'],
    );
    assert.deepEqual(
      r.excluded.map((e) => [e.candidate.username, e.excluded]),
      [
        ['bob', 'over_limit'],
        ['dan', 'over_limit'],
        ['amy', 'over_limit'],
      ],
    );
    assert.equal(r.counts.over_limit, 3);
    assert.deepEqual(selectAudience(PODCAST, cs, rules({ max: 0 })).counts.over_limit, 6);
  });
  it('lane comes from determineActionLane: stage first, then relationship score', () => {
    const r = selectAudience(
      PODCAST,
      [
        candidate({ username: 'a', tags: ['podcast'], pipelineStage: 'fit_repeats', relationshipScore: 10 }),
        candidate({ username: 'b', tags: ['podcast'], relationshipScore: 20 }),
        candidate({ username: 'c', tags: ['podcast'], relationshipScore: 50, whatTheyreBuilding: 'a shop' }),
        candidate({ username: 'd', tags: ['podcast'] }),
      ],
      rules(),
    );
    assert.deepEqual(
      r.chosen.map((m) => [m.candidate.username, m.lane]),
      [
        ['c', 'service'],
        ['b', 'rewarm'],
        ['a', 'offer'],
        ['d', 'friendship'],
      ],
    );
  });
});

describe('selectAudience at scale', () => {
  // 3,000 contacts: every third matches with one of three scores, some opted out, some cooling down.
  const crowd = Array.from({ length: 3000 }, (_, i) =>
    candidate({
      username: i % 50 === 0 ? null : `u${String(i).padStart(5, '0')}`,
      relationshipScore: i % 7 === 0 ? null : i % 100,
      whatTheyreBuilding: i % 3 === 0 ? 'a podcast' : 'a bakery',
      tags: i % 2 === 0 ? ['ai', 'tools'] : [],
      optedOut: i % 11 === 0,
      lastContactedAt: i % 13 === 0 ? new Date(NOW - DAY).toISOString() : null,
    }),
  );
  const r = rules({ max: 40, cooldownMs: 3 * DAY });
  const whole = selectAudience(PODCAST, crowd, r);

  it('counts are exact while the excluded sample stays at 50, best first', () => {
    const matched = crowd.filter((c) => matchContact(PODCAST, c).score >= 20);
    const optedOut = matched.filter((c) => c.optedOut).length;
    const noHandle = matched.filter((c) => !c.optedOut && c.username === null).length;
    const cooling = matched.filter((c) => !c.optedOut && c.username !== null && c.lastContactedAt !== null).length;
    assert.deepEqual(whole.counts, {
      scanned: 3000,
      matched: matched.length,
      belowMinScore: 3000 - matched.length,
      opted_out: optedOut,
      no_handle: noHandle,
      cooldown: cooling,
      over_limit: matched.length - optedOut - noHandle - cooling - 40,
    });
    assert.equal(whole.chosen.length, 40);
    assert.equal(whole.excluded.length, 50);
    assert.ok(whole.excluded.every((e, i) => i === 0 || whole.excluded[i - 1]!.score >= e.score));
    assert.equal(whole.excluded[0]!.score, 70, 'the best-scoring excluded are kept');
    assert.ok(whole.chosen.every((m) => m.score === 70));
  });
  it('streaming pages gives the same result as all at once, in any page size', () => {
    for (const size of [1, 7, 1000]) {
      const selector = createAudienceSelector(PODCAST, r);
      for (let i = 0; i < crowd.length; i += size) selector.add(crowd.slice(i, i + size));
      assert.deepEqual(selector.result(), whole, `pages of ${size}`);
    }
  });
  it('deterministic: the same contacts in another order give the same result', () => {
    assert.deepEqual(selectAudience(PODCAST, [...crowd].reverse(), r), whole);
    const selector = createAudienceSelector(PODCAST, r);
    selector.add(crowd);
    assert.deepEqual(selector.result(), selector.result());
  });
});

describe('fitReason', () => {
  const reason = (source: MatchSource, term = 'podcasting'): MatchReason => ({ source, term, points: 10 });
  const member = (source: MatchSource | null, over: Partial<AudienceCandidate> = {}) => ({
    candidate: candidate(over),
    reasons: source === null ? [] : [reason(source), reason('messages', 'editing')],
  });
  const cases: [string, MatchSource | null, Partial<AudienceCandidate>, string][] = [
    [
      'building: their own words',
      'building',
      { whatTheyreBuilding: "I'm building A podcast studio." },
      "you're building a podcast studio",
    ],
    ['building: no text, the term', 'building', {}, "you're building something around podcasting"],
    ['friction', 'friction', { currentFriction: 'Editing takes forever' }, 'you mentioned editing takes forever'],
    [
      'friction in the first person: the term',
      'friction',
      { currentFriction: "I can't edit fast enough" },
      'you mentioned struggling with podcasting',
    ],
    [
      'win',
      'win',
      { theirDefinitionOfWin: '10k listeners by summer!' },
      "you're working toward 10k listeners by summer",
    ],
    [
      'win in the first person: the term',
      'win',
      { theirDefinitionOfWin: 'my show in the top 100' },
      "you've got goals around podcasting",
    ],
    ['tags', 'tags', {}, "you're into podcasting"],
    ['fit signals', 'fit_signals', {}, "you've talked about podcasting"],
    ['messages', 'messages', {}, 'you brought up podcasting lately'],
    ['no reason at all', null, {}, 'it looked like your kind of thing'],
  ];
  for (const [name, source, over, expected] of cases)
    it(name, () => assert.equal(fitReason(member(source, over)), expected));
  it('long free text is cut at a word boundary, without a dangling word, within 80 characters', () => {
    const long =
      'a podcast studio and a booking app for local bands in the city of brighton and hove and the whole south coast';
    const phrase = fitReason(member('building', { whatTheyreBuilding: long }));
    assert.ok(phrase.length <= 80, phrase);
    assert.ok(phrase.startsWith("you're building a podcast studio and a booking app"), phrase);
    assert.ok(long.includes(phrase.slice("you're building ".length) + ' '), 'ends at a word boundary');
    assert.doesNotMatch(phrase, / (?:and|the|of|in)$/);
    const word = fitReason({ candidate: candidate(), reasons: [reason('tags', 'x'.repeat(200))] });
    assert.equal(word, `you're into ${'x'.repeat(80 - "you're into ".length)}`);
  });
});

describe('video templates', () => {
  it('one per lane, id video:<lane>, under 300 characters, no pitch', () => {
    for (const lane of ACTION_LANES) {
      assert.deepEqual(videoTemplateFor(lane), { id: `video:${lane}`, text: VIDEO_TEMPLATES[lane] });
      assert.ok(VIDEO_TEMPLATES[lane].length < 300, lane);
    }
    assert.doesNotMatch(VIDEO_TEMPLATES.offer, /work(?:ing)? together|price|offer|call|book|\$/i);
  });
  it('every template renders with a NULL title into a DM with the URL and no hole', () => {
    for (const lane of ACTION_LANES) {
      const r = renderTemplate(VIDEO_TEMPLATES[lane], {
        first_name: 'sam',
        video_title: null,
        reason: "you're into podcasting",
        video_url: 'https://instagram.com/reel/C3x/',
      });
      assert.ok(r.ok, lane);
      assert.ok(
        r.text.includes('https://instagram.com/reel/C3x/') &&
          r.text.includes("you're into podcasting") &&
          r.text.includes('sam'),
        r.text,
      );
      assert.doesNotMatch(r.text, /\{\{|undefined|null/, r.text);
    }
  });
  it('a DM without a reason or URL is refused, not sent with a hole', () => {
    const r = renderTemplate(VIDEO_TEMPLATES.friendship, {
      first_name: 'sam',
      video_title: 'x',
      reason: null,
      video_url: ' ',
    });
    assert.deepEqual(r.ok ? [] : r.missing.sort(), ['reason', 'video_url']);
  });
});

describe('end to end: a NULL-title MediaPoster video', () => {
  it('keywords from the analysis and hashtags find the contact, and the DM reads naturally', () => {
    const v = buildShareableVideo(
      'ext_1',
      null,
      { topics: null, pillar_tags: ['ContentCreation'], format_tags: null },
      [
        {
          id: 'p1',
          content_id: 'ext_1',
          platform: 'instagram',
          status: 'posted',
          title: null,
          caption: null,
          hashtags: ['#editing #capcut'],
          platform_url: 'https://instagram.com/reel/1',
          published_at: '2025-03-09T10:00:00Z',
          scheduled_time: '2025-03-09T10:00:00Z',
        },
      ],
    );
    assert.ok(v && v.title === null && v.topics.length === 1);
    const c = candidate({ username: 'sam', displayName: 'Sam Lee', currentFriction: 'editing in CapCut is slow' });
    const r = selectAudience(videoInterest(v), [c, candidate({ tags: ['baking'] })], rules());
    assert.deepEqual(reasonsOf(c, videoInterest(v)), [
      ['friction', 'editing', 25],
      ['friction', 'capcut', 25],
    ]);
    const dm = renderTemplate(videoTemplateFor(r.chosen[0]!.lane).text, {
      first_name: 'sam',
      video_title: v.title,
      reason: fitReason(r.chosen[0]!),
      video_url: v.urls.instagram,
    });
    assert.deepEqual(dm, {
      ok: true,
      text: 'yo sam! just posted a new video and thought of you because you mentioned editing in CapCut is slow — https://instagram.com/reel/1',
    });
  });
});

describe('videoInterest: one interest written two ways', () => {
  it('a topic and its run-together hashtag are one term, so a contact is not scored twice for it', () => {
    const interest = videoInterest({ keywords: ['content strategy', 'contentstrategy', 'automation'], topics: [] });
    assert.deepEqual(
      interest.terms.map((t) => t.label),
      ['content strategy', 'automation'],
    );
  });
});

describe('fitReason: their words, said back to them', () => {
  it('turns first-person words inside a quoted field to second person', () => {
    const c = candidate({ whatTheyreBuilding: 'automation for my studio so I can rest' });
    assert.equal(
      fitReason({ candidate: c, reasons: [{ source: 'building', term: 'automation', points: 40 }] }),
      "you're building automation for your studio so you can rest",
    );
  });
});
