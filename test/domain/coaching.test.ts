import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation, nextActionSuggestion } from '../../src/domain/coaching';
import { DEFAULT_COACHING_RULES, type CoachingRule } from '../../src/domain/coaching-rules';
import { thread } from './domain-fixtures';

const rule = (
  id: string,
  positivePattern: string,
  weight: number,
  extra: Partial<CoachingRule> = {},
): CoachingRule => ({
  id,
  category: 'curiosity',
  name: id,
  positivePattern,
  weight,
  feedbackIfPresent: `${id} found`,
  feedbackIfMissing: `${id} missing`,
  ...extra,
});

describe('analyzeConversation with the default rules', () => {
  it('scores a good conversation rule by rule', () => {
    const result = analyzeConversation({
      messages: thread(
        ['out', 'hey! what are you building these days?'],
        ['in', 'a course on baking'],
        ['out', 'tell me more about your course — i found a guide that might help. would you like it?'],
      ),
    });
    // curiosity 100 (both), value 100 (both), permission (100 + 80)/2 = 90,
    // personalization (100 + 30)/2 = 65, pacing 80; overall 20 + 25 + 22.5 + 9.75 + 12 = 89.25 → 89
    assert.deepEqual(result, {
      overallScore: 89,
      curiosityScore: 100,
      valueScore: 100,
      permissionScore: 90,
      personalizationScore: 65,
      pacingScore: 80,
      strengths: [
        'Asks open-ended questions',
        'Shows curiosity about what they share',
        'Offers help and resources',
        'Shares insights and ideas',
        'Asks permission before offering',
      ],
      improvements: [],
      nextActionSuggestion: 'Excellent conversation! Keep nurturing this relationship',
    });
  });

  it('scores an empty conversation from the missing patterns alone', () => {
    const result = analyzeConversation({ messages: [] });
    // 30×.2 + 30×.25 + 55×.25 + 30×.15 + 80×.15 = 43.75 → 44
    assert.deepEqual(
      [
        result.curiosityScore,
        result.valueScore,
        result.permissionScore,
        result.personalizationScore,
        result.pacingScore,
      ],
      [30, 30, 55, 30, 80],
    );
    assert.equal(result.overallScore, 44);
    assert.equal(result.improvements.length, 5, 'six missing-feedbacks, capped at 5');
    assert.deepEqual(result.strengths, [], 'no length praise without a single outbound message');
    assert.equal(
      result.nextActionSuggestion,
      'Good start! Try to personalize more and always ask permission before offering',
    );
  });

  it('marks pushy language', () => {
    const text = 'how is your launch going? tell me more. i found a guide that could help, you need to buy now';
    const result = analyzeConversation({ messages: thread(['out', text]) });
    assert.equal(result.permissionScore, 25); // asked no permission 30, pushy 20
    assert.deepEqual(result.improvements, [
      'Ask before offering ("would you like...", "want me to...")',
      'Avoid pushy language like "you should", "you need to" or "buy now"',
    ]);
  });
});

describe('pacing_no_walls applies per message, not to the joined conversation', () => {
  const cases: [string, string[], number, boolean][] = [
    [
      'three 300-char messages (900 joined: crm-core flagged it)',
      ['a'.repeat(300), 'b'.repeat(300), 'c'.repeat(300)],
      80,
      false,
    ],
    ['one 799-char message', ['a'.repeat(799)], 80, false],
    ['one 800-char message', ['a'.repeat(800)], 20, true],
    ['a long message broken into paragraphs', [`${'a'.repeat(400)}\n\n${'b'.repeat(400)}`], 20, true],
  ];
  for (const [name, texts, pacing, flagged] of cases) {
    it(`${name} → pacing ${pacing}`, () => {
      const messages = thread(...texts.map((t) => ['out', t] as const));
      const result = analyzeConversation({
        messages,
        rules: DEFAULT_COACHING_RULES.filter((r) => r.id === 'pacing_no_walls'),
      });
      assert.equal(result.pacingScore, pacing);
      assert.equal(result.improvements.includes('Break up very long messages - walls of text get skimmed'), flagged);
    });
  }
});

describe('rule weights', () => {
  const text = thread(['out', 'hello there']);
  const cases: [string, CoachingRule[], number, number][] = [
    // the other four categories have no rules and stay at 50: overall = curiosity × .2 + 40
    ['matching rule weighs 3: (100×3 + 30×1)/4 = 82.5', [rule('a', 'hello', 3), rule('b', 'zzz', 1)], 83, 57],
    ['matching rule weighs 1: (100×1 + 30×3)/4 = 47.5', [rule('a', 'hello', 1), rule('b', 'zzz', 3)], 48, 50],
    ['equal weights: plain mean 65', [rule('a', 'hello', 2), rule('b', 'zzz', 2)], 65, 53],
    ['weight 0 switches a rule off', [rule('a', 'hello', 0), rule('b', 'zzz', 1)], 30, 46],
    ['an invalid regex is skipped, not thrown', [rule('a', '(', 1), rule('b', 'hello', 1)], 100, 60],
    ['no rules at all', [], 50, 50],
  ];
  for (const [name, rules, curiosity, overall] of cases) {
    it(`${name} → curiosity ${curiosity}, overall ${overall}`, () => {
      const result = analyzeConversation({ messages: text, rules });
      assert.equal(result.curiosityScore, curiosity);
      assert.equal(result.overallScore, overall);
    });
  }

  it('a switched-off rule gives no feedback either', () => {
    const result = analyzeConversation({ messages: text, rules: [rule('a', 'hello', 0), rule('b', 'zzz', 1)] });
    assert.deepEqual(result.strengths, []);
    assert.deepEqual(result.improvements, ['b missing', 'Messages are very short - add more context when helpful']);
  });

  it('de-duplicates feedback shared by two rules', () => {
    const rules = [
      rule('a', 'hello', 1, { feedbackIfPresent: 'same' }),
      rule('b', 'there', 1, { feedbackIfPresent: 'same' }),
    ];
    assert.deepEqual(analyzeConversation({ messages: text, rules }).strengths, ['same']);
  });
});

describe('heuristics', () => {
  const q = 'what do you think about this idea?'; // 34 chars, one question
  const plain = 'here is a thought i had for you'; // 31 chars, no question
  const cases: [string, ['in' | 'out', string][], string[], string[]][] = [
    ['good length', [['out', q]], ['Good message length'], []],
    ['very short', [['out', 'ok?']], [], ['Messages are very short - add more context when helpful']],
    [
      'very long (501 average)',
      [['out', `${'a'.repeat(500)}?`]],
      [],
      ['Messages are quite long - try to be more concise'],
    ],
    [
      '4 sent for 1 received',
      [
        ['in', 'hi'],
        ['out', q],
        ['out', q],
        ['out', q],
        ['out', q],
      ],
      ['Good message length'],
      ["You're sending many more messages than receiving - wait for responses"],
    ],
    [
      '3 sent for 1 received is fine',
      [
        ['in', 'hi'],
        ['out', q],
        ['out', q],
        ['out', q],
      ],
      ['Good message length'],
      [],
    ],
    [
      '1 sent for 3 received',
      [
        ['in', 'a'],
        ['in', 'b'],
        ['in', 'c'],
        ['out', q],
      ],
      ['Good message length', 'Good listening - you let them talk'],
      [],
    ],
    [
      '3 sent, no question',
      [
        ['out', plain],
        ['out', plain],
        ['out', plain],
      ],
      ['Good message length'],
      ['Ask questions to learn about their situation'],
    ],
    [
      '2 sent, no question',
      [
        ['out', plain],
        ['out', plain],
      ],
      ['Good message length'],
      [],
    ],
    [
      '3 questions in 1 message',
      [['out', 'how? why? what is it for?']],
      ['Good message length'],
      ['Too many questions can feel like an interrogation'],
    ],
  ];
  // One rule that never matches and has no feedback keeps rule feedback out of the way.
  const silent: CoachingRule[] = [{ id: 'x', category: 'value', name: 'x', negativePattern: '$^', weight: 1 }];
  for (const [name, entries, strengths, improvements] of cases) {
    it(name, () => {
      const result = analyzeConversation({ messages: thread(...entries), rules: silent });
      assert.deepEqual(result.strengths, strengths);
      assert.deepEqual(result.improvements, improvements);
    });
  }
});

describe('nextActionSuggestion', () => {
  const cases: [number, string][] = [
    [0, 'Focus on asking'],
    [39, 'Focus on asking'],
    [40, 'Good start!'],
    [59, 'Good start!'],
    [60, 'Solid conversation!'],
    [79, 'Solid conversation!'],
    [80, 'Excellent conversation!'],
    [100, 'Excellent conversation!'],
  ];
  for (const [score, start] of cases) {
    it(`${score} → ${start}`, () => assert.ok(nextActionSuggestion(score).startsWith(start)));
  }
});
