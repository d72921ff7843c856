import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ContactInput } from '../../src/api/schemas/contact';
import { CoachingRequest } from '../../src/api/schemas/assist';
import { ContactDmBody } from '../../src/api/schemas/dm';
import { analyzeConversation } from '../../src/domain/coaching';
import { DEFAULT_COACHING_RULES } from '../../src/domain/coaching-rules';
import { suggestReplies } from '../../src/domain/copilot';
import { detectFitOpportunity } from '../../src/domain/fit-signals';
import { COACHING_UNITS, CONVERSATION_UNITS, fill, LIMITS, messages, repeatThen } from '../helpers/adversarial';
import { contact, NOW } from './domain-fixtures';

// The coaching, copilot and fit-signal engines on the largest input the API takes, shaped to make a
// backtracking regex work hard: each answer is asserted (how long they take is the benchmark's
// business: npm run bench -- inputs). Before the fix the first coaching case alone took 13 s.

const { coachingMessages: N, messageText: L } = LIMITS;

describe("the largest inputs are the API's own limits", () => {
  it('coaching takes 500 messages of 10,000 characters and no more; contact fields 2,000; templates 2,000', () => {
    const body = (count: number, length: number) => ({
      messages: messages(count, fill('a', length), 'out').map((m) => ({ text: m.text, is_outbound: true })),
    });
    assert.equal(CoachingRequest.safeParse(body(N, L)).success, true);
    assert.equal(CoachingRequest.safeParse(body(N + 1, 1)).success, false);
    assert.equal(CoachingRequest.safeParse(body(1, L + 1)).success, false);
    const field = (length: number) =>
      ContactInput.safeParse({
        username: 'a',
        what_theyre_building: fill('a', length),
        tags: Array(LIMITS.labels).fill(fill('a', LIMITS.label)),
      }).success;
    assert.deepEqual([field(LIMITS.contactField), field(LIMITS.contactField + 1)], [true, false]);
    const dm = (length: number) =>
      ContactDmBody.safeParse({ template: fill('a', length), variables: { v: fill('a', LIMITS.variable) } }).success;
    assert.deepEqual([dm(LIMITS.template), dm(LIMITS.template + 1)], [true, false]);
  });
});

describe('coaching on adversarial conversations', () => {
  const scores = (texts: string[]) => {
    const r = analyzeConversation({
      messages: texts.map((text, i) => ({ ...messages(1, text, 'out')[0]!, position: i })),
    });
    return [r.curiosityScore, r.valueScore, r.permissionScore, r.personalizationScore, r.pacingScore, r.overallScore];
  };
  // No "?" after a question word: open questions missing (30), follow-up missing (30); value 30;
  // permission 30 and not pushy 80; personalization 30; every message a wall of text (20): 34.75 → 35.
  const NOTHING_ASKED = [30, 30, 55, 30, 20, 35];

  it('500 × 10,000 characters of question words without a "?" are no question', () => {
    for (const unit of COACHING_UNITS.filter((u) => u !== 'your ')) {
      assert.deepEqual(scores(Array(N).fill(fill(unit, L))), NOTHING_ASKED, JSON.stringify(unit));
    }
    // The case, as sent: 25 messages (what the default body limit lets through).
    assert.deepEqual(scores(Array(25).fill(fill('how ', L))), NOTHING_ASKED);
  });

  it('the same with one "?" at the very end is an open question', () => {
    const texts = Array(N).fill(fill('how ', L));
    texts[N - 1] = repeatThen('how ', L, 'ok?');
    assert.deepEqual(scores(texts), [65, 30, 55, 30, 20, 42]);
  });

  it('a "?" ahead of the question words on its line does not count, as in crm-core', () => {
    assert.deepEqual(scores(Array(N).fill(repeatThen('how ', L, '\n?'))), NOTHING_ASKED);
  });

  it('"your" again and again is one reference to them; long messages are walls of text from 800 characters on', () => {
    assert.deepEqual(scores(Array(N).fill(fill('your ', L))), [30, 30, 55, 65, 20, 40]);
    assert.deepEqual(scores(Array(N).fill(fill('x', 799))).slice(4), [80, 44]);
    assert.deepEqual(scores(Array(N).fill(fill('x', 800))).slice(4), [20, 35]);
  });

  it("the linear open-question rule answers as crm-core's `(what|how|why|tell me).+\\?` on 5,000 random texts", () => {
    const original = /(what|how|why|tell me).+\?/i;
    const linear = new RegExp(
      DEFAULT_COACHING_RULES.find((r) => r.id === 'curiosity_open_questions')!.positivePattern!,
      'i',
    );
    const pieces = [
      'how',
      'What',
      'why',
      'tell me',
      'tell',
      ' ',
      '?',
      '??',
      'x',
      '\n',
      '\r\n',
      '\u2028',
      'whatever',
      '.',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % pieces.length;
    let matched = 0;
    for (let i = 0; i < 5_000; i++) {
      const text = Array.from({ length: 1 + (i % 12) }, () => pieces[next()]).join('');
      assert.equal(linear.test(text), original.test(text), JSON.stringify(text));
      if (original.test(text)) matched += 1;
    }
    assert.ok(matched > 500 && matched < 4_500, `both answers occur (${matched} matches)`);
  });
});

describe('the copilot and fit signals on adversarial conversations', () => {
  const EXPECTED: Record<string, [string, string]> = {
    frustrat: ['negative', 'general'],
    grow: ['neutral', 'growth'],
    'automa ': ['neutral', 'general'],
    automa: ['neutral', 'general'],
    '? ': ['curious', 'general'],
    é: ['neutral', 'general'],
    _a: ['neutral', 'general'],
    aA: ['neutral', 'general'],
    'how ': ['neutral', 'general'],
  };

  it('50 stored messages of 10,000 characters and 2,000-character fields: the mood and topic of the last, no fit', () => {
    for (const unit of CONVERSATION_UNITS) {
      const text = fill(unit, L);
      const who = contact({
        whatTheyreBuilding: fill(unit, LIMITS.contactField),
        currentFriction: fill(unit, LIMITS.contactField),
        relationshipScore: 55,
      });
      const result = suggestReplies({
        contact: who,
        messages: messages(LIMITS.storedMessages, text, 'in'),
        nowMs: NOW,
      });
      assert.deepEqual(
        [result.context.sentiment, result.context.topic, result.context.needsResponse],
        [...EXPECTED[unit]!, true],
        JSON.stringify(unit),
      );
      assert.equal(result.fitOpportunity, null, JSON.stringify(unit));
      assert.equal(result.suggestions.length, 5);
    }
  });

  it('keywords at the end of 500,000 characters of near misses are found', () => {
    const texts = messages(LIMITS.storedMessages, fill('automa _automat ', L), 'in');
    assert.equal(detectFitOpportunity(texts), null, '"automa" is not "automat", and "_automat" does not start a word');
    texts[LIMITS.storedMessages - 1]!.text = repeatThen('automa ', L, 'automated dms');
    assert.deepEqual(detectFitOpportunity(texts)?.matches, ['automat', 'dms']);
  });
});
