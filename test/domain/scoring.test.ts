import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SCORE_WEIGHTS,
  determineActionLane,
  getScoreTier,
  scoreContact,
  validateWeights,
  type ScoreWeights,
} from '../../src/domain/scoring';
import type { Contact, Message } from '../../src/domain/types';
import { contact, daysAgo, NOW, thread } from './domain-fixtures';

const score = (c: Partial<Contact>, messages: Message[] = [], weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS) =>
  scoreContact({ contact: contact(c), messages, nowMs: NOW }, weights);
const only = (key: keyof ScoreWeights): ScoreWeights => ({
  recency: 0,
  resonance: 0,
  needClarity: 0,
  valueDelivered: 0,
  reliability: 0,
  consent: 0,
  [key]: 1,
});

describe('recency: days since lastMessageAt, from nowMs', () => {
  const cases: [string, string | null, number][] = [
    ['never messaged', null, 20],
    ['unparsable date', 'not a date', 20],
    ['in the future', daysAgo(-2), 100],
    ['just now', daysAgo(0), 100],
    ['3 days', daysAgo(3), 100],
    ['3.99 days (floored)', daysAgo(3.99), 100],
    ['4 days', daysAgo(4), 85],
    ['7 days', daysAgo(7), 85],
    ['8 days', daysAgo(8), 70],
    ['14 days', daysAgo(14), 70],
    ['15 days', daysAgo(15), 50],
    ['30 days', daysAgo(30), 50],
    ['31 days', daysAgo(31), 30],
    ['60 days', daysAgo(60), 30],
    ['61 days', daysAgo(61), 10],
    ['a year', daysAgo(365), 10],
    ['Postgres text form', '2025-01-27 12:00:00+00', 85],
  ];
  for (const [name, lastMessageAt, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(score({ lastMessageAt }).components.recency, expected));
  }

  it('reads a zone-less timestamp as UTC whatever the machine zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York'; // local reading would put it 5 h later: 3.79 days → 100
    try {
      assert.equal(score({ lastMessageAt: '2025-01-27T12:00:00' }).components.recency, 85);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('resonance: mean over inbound messages, whole words only', () => {
  const long = (n: number) => 'a'.repeat(n);
  const cases: [string, Message[], number][] = [
    ['no messages', [], 30],
    ['only outbound', thread(['out', "I'm great, thanks?"]), 20],
    ['"hi" is not "I" (server copy scored 55)', thread(['in', 'hi']), 30],
    ['"hi there, this is cool"', thread(['in', 'hi there, this is cool']), 30],
    ["I'm", thread(['in', "I'm building a course"]), 45],
    ['I am', thread(['in', 'i am launching soon']), 45],
    ['typographic apostrophe', thread(['in', 'I’m launching soon']), 45],
    ['my / we / our', thread(['in', 'we shipped it']), 45],
    ['your, army, awe are not our, my, we', thread(['in', 'your army stood in awe today']), 30],
    ['warmth word', thread(['in', 'thanks']), 40],
    ['"unhappy" and "greatly" are not warmth', thread(['in', 'unhappy, greatly']), 30],
    ['question mark', thread(['in', 'when?']), 45],
    ['100 chars', thread(['in', long(100)]), 30],
    ['101 chars', thread(['in', long(101)]), 50],
    ['200 chars', thread(['in', long(200)]), 50],
    ['201 chars', thread(['in', long(201)]), 60],
    ['every bonus reaches exactly 100', thread(['in', `I'm in love? ${long(200)}`]), 100],
    ['mean 37.5 rounds up', thread(['in', 'hi'], ['in', 'my thing']), 38],
    ['mean 38.33 rounds down', thread(['in', 'hi'], ['in', 'hi'], ['in', 'thanks?']), 38],
    ['outbound is ignored', thread(['out', "I'm great?"], ['in', 'hi']), 30],
  ];
  for (const [name, messages, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(score({}, messages).components.resonance, expected));
  }
});

describe('needClarity, valueDelivered, reliability, consent', () => {
  const cases: [string, Partial<Contact>, keyof ScoreWeights, number][] = [
    ['nothing known', {}, 'needClarity', 20],
    ['building', { whatTheyreBuilding: 'a course' }, 'needClarity', 50],
    ['blank building counts as unknown', { whatTheyreBuilding: '  ' }, 'needClarity', 20],
    ['friction', { currentFriction: 'time' }, 'needClarity', 45],
    ['definition of win', { theirDefinitionOfWin: '100 sales' }, 'needClarity', 35],
    ['fit signals', { fitSignals: ['automation'] }, 'needClarity', 30],
    [
      'all four',
      { whatTheyreBuilding: 'x', currentFriction: 'y', theirDefinitionOfWin: 'z', fitSignals: ['s'] },
      'needClarity',
      100,
    ],
    ['0 delivered', { valueDeliveredCount: 0 }, 'valueDelivered', 20],
    ['1 delivered', { valueDeliveredCount: 1 }, 'valueDelivered', 50],
    ['2 delivered', { valueDeliveredCount: 2 }, 'valueDelivered', 70],
    ['3 delivered', { valueDeliveredCount: 3 }, 'valueDelivered', 90],
    ['10 delivered stays 90', { valueDeliveredCount: 10 }, 'valueDelivered', 90],
    ['2.5 is floored (crm-core gave 100)', { valueDeliveredCount: 2.5 }, 'valueDelivered', 70],
    ['negative count', { valueDeliveredCount: -1 }, 'valueDelivered', 20],
    ['NaN count', { valueDeliveredCount: Number.NaN }, 'valueDelivered', 20],
    ['nothing promised', { promisesKept: 0, promisesMade: 0 }, 'reliability', 50],
    ['3 of 4 kept', { promisesKept: 3, promisesMade: 4 }, 'reliability', 75],
    ['1 of 3 kept', { promisesKept: 1, promisesMade: 3 }, 'reliability', 33],
    ['2 of 3 kept', { promisesKept: 2, promisesMade: 3 }, 'reliability', 67],
    ['none kept', { promisesKept: 0, promisesMade: 4 }, 'reliability', 0],
    ['kept > made is clamped (crm-core gave 125)', { promisesKept: 5, promisesMade: 4 }, 'reliability', 100],
    ['negative kept is clamped', { promisesKept: -1, promisesMade: 2 }, 'reliability', 0],
    ['negative made counts as none', { promisesKept: 1, promisesMade: -1 }, 'reliability', 50],
    ['no consent signals', {}, 'consent', 30],
    ['asks opinion', { asksOpinion: true }, 'consent', 55],
    ['shares updates', { sharesUpdates: true }, 'consent', 55],
    ['referred others', { hasReferredOthers: true }, 'consent', 50],
    ['all three', { asksOpinion: true, sharesUpdates: true, hasReferredOthers: true }, 'consent', 100],
  ];
  for (const [name, c, key, expected] of cases) {
    it(`${key}: ${name} → ${expected}`, () => {
      const result = score(c, [], only(key));
      assert.equal(result.components[key], expected);
      assert.equal(result.overall, expected, 'with all the weight on it, overall equals the component');
    });
  }
});

describe('overall, weights, tier and lane', () => {
  const best: Partial<Contact> = {
    lastMessageAt: daysAgo(1),
    whatTheyreBuilding: 'a course',
    currentFriction: 'time',
    theirDefinitionOfWin: 'launch',
    fitSignals: ['x'],
    valueDeliveredCount: 3,
    promisesKept: 2,
    promisesMade: 2,
    asksOpinion: true,
    sharesUpdates: true,
    hasReferredOthers: true,
  };
  const bestMessages = thread(['in', `I'm so excited? ${'a'.repeat(200)}`]);

  it('a fresh contact: 20×.2 + 30×.2 + 20×.15 + 20×.2 + 50×.15 + 30×.1 = 27.5 → 28, Cold, rewarm', () => {
    assert.deepEqual(score({ relationshipScore: 90 }), {
      overall: 28,
      components: { recency: 20, resonance: 30, needClarity: 20, valueDelivered: 20, reliability: 50, consent: 30 },
      tier: { label: 'Cold', emoji: '❄️', color: 'red' },
      lane: 'rewarm', // from the fresh 28, not the stored 90
    });
  });

  it('the best contact: 20 + 20 + 15 + 90×.2 + 15 + 10 = 98 (value delivered tops out at 90)', () => {
    const result = score(best, bestMessages);
    assert.equal(result.overall, 98);
    assert.deepEqual(result.tier, { label: 'Excellent', emoji: '🌟', color: 'green' });
    assert.equal(result.lane, 'friendship');
  });

  it('a configured weight of 0 stays 0: recency no longer moves the score', () => {
    const weights = { ...DEFAULT_SCORE_WEIGHTS, recency: 0, resonance: 0.4 };
    const recent = score({ lastMessageAt: daysAgo(0) }, [], weights);
    const stale = score({ lastMessageAt: daysAgo(400) }, [], weights);
    // 30×.4 + 20×.15 + 20×.2 + 50×.15 + 30×.1 = 29.5 → 30
    assert.equal(recent.overall, 30);
    assert.equal(stale.overall, 30);
    assert.notEqual(recent.components.recency, stale.components.recency);
  });

  it('other weights change the result: all on consent', () => {
    assert.equal(score({ asksOpinion: true }, [], only('consent')).overall, 55);
  });

  it('.5 rounds up even when the float sum lands just below it (30×.06 + 55×.94 = 53.5)', () => {
    const weights = { ...only('recency'), recency: 0.06, consent: 0.94 };
    assert.equal(score({ lastMessageAt: daysAgo(45), asksOpinion: true }, [], weights).overall, 54);
  });

  it('is deterministic and reads the clock only from nowMs', () => {
    const input = { contact: Object.freeze(contact(best)), messages: Object.freeze(bestMessages), nowMs: NOW };
    const first = scoreContact(input, DEFAULT_SCORE_WEIGHTS);
    assert.deepEqual(scoreContact(input, DEFAULT_SCORE_WEIGHTS), first);
    const later = scoreContact({ ...input, nowMs: NOW + 10 * 86_400_000 }, DEFAULT_SCORE_WEIGHTS);
    assert.equal(later.components.recency, 70); // 11 days after the last message
    assert.equal(later.overall, 92); // 98 − (100 − 70) × .2
  });
});

describe('validateWeights', () => {
  const cases: [string, Partial<ScoreWeights>, number][] = [
    ['the defaults', {}, 0],
    ['a zero weight that still sums to 1', { recency: 0, resonance: 0.4 }, 0],
    ['sum 0.9', { recency: 0.1 }, 1],
    ['sum 1.000002', { consent: 0.100002 }, 1],
    ['sum 1.0000005 (within 1e-6)', { consent: 0.1000005 }, 0],
    ['negative weight', { recency: -0.2, resonance: 0.6 }, 1],
    ['weight above 1', { recency: 1.2 }, 1],
    ['NaN weight', { recency: Number.NaN }, 1],
  ];
  for (const [name, override, problems] of cases) {
    it(`${name} → ${problems} problem(s)`, () => {
      assert.equal(validateWeights({ ...DEFAULT_SCORE_WEIGHTS, ...override }).length, problems);
    });
  }

  it('names every weight when the sum is off', () => {
    const [problem] = validateWeights({ ...DEFAULT_SCORE_WEIGHTS, recency: 0.3 });
    assert.match(problem ?? '', /= 1\.1\)$/);
    for (const key of ['recency', 'resonance', 'needClarity', 'valueDelivered', 'reliability', 'consent']) {
      assert.match(problem ?? '', new RegExp(key));
    }
  });
});

describe('getScoreTier', () => {
  const cases: [number, string, string, string][] = [
    [100, 'Excellent', '🌟', 'green'],
    [90, 'Excellent', '🌟', 'green'],
    [89, 'Great', '⭐', 'green'],
    [80, 'Great', '⭐', 'green'],
    [79, 'Good', '👍', 'blue'],
    [70, 'Good', '👍', 'blue'],
    [69, 'Growing', '📈', 'blue'],
    [60, 'Growing', '📈', 'blue'],
    [59, 'Building', '📊', 'yellow'],
    [50, 'Building', '📊', 'yellow'],
    [49, 'Needs Work', '⚠️', 'yellow'],
    [40, 'Needs Work', '⚠️', 'yellow'],
    [39, 'At Risk', '🔧', 'orange'],
    [30, 'At Risk', '🔧', 'orange'],
    [29, 'Cold', '❄️', 'red'],
    [0, 'Cold', '❄️', 'red'],
  ];
  for (const [s, label, emoji, color] of cases) {
    it(`${s} → ${label}`, () => assert.deepEqual(getScoreTier(s), { label, emoji, color }));
  }
});

describe('determineActionLane', () => {
  const cases: [string, Partial<Contact>, number | null, string][] = [
    ['post-win expansion, even when cold', { pipelineStage: 'post_win_expansion' }, 10, 'retention'],
    ['fit repeats', { pipelineStage: 'fit_repeats' }, 10, 'offer'],
    ['permissioned offer', { pipelineStage: 'permissioned_offer' }, 95, 'offer'],
    ['score 39', { whatTheyreBuilding: 'x' }, 39, 'rewarm'],
    ['score 40 and building', { whatTheyreBuilding: 'x' }, 40, 'service'],
    ['score 69 and building', { whatTheyreBuilding: 'x' }, 69, 'service'],
    ['score 70 and building', { whatTheyreBuilding: 'x' }, 70, 'friendship'],
    ['score 50, nothing known', {}, 50, 'friendship'],
    ['score 50, blank building', { whatTheyreBuilding: ' ' }, 50, 'friendship'],
    ['never scored', { whatTheyreBuilding: 'x' }, null, 'friendship'],
  ];
  for (const [name, c, s, lane] of cases) {
    it(`${name} → ${lane}`, () => assert.equal(determineActionLane(contact(c), s), lane));
  }
});
