import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileKeywords,
  distinctKeywords,
  findKeyword,
  keywordProblem,
  MAX_KEYWORD_LENGTH,
} from '../../src/domain/keyword-match';
import { replyDecision } from '../../src/domain/keyword-replies';

// Keyword replies' matching, as a table: the message, the automation's keywords, the keyword found.

describe('findKeyword', () => {
  const cases: [string, string, string[], string | null][] = [
    ['the keyword alone', 'guide', ['guide'], 'guide'],
    ['upper case', 'GUIDE', ['guide'], 'guide'],
    ['inside a sentence, with punctuation', 'Hi! Can I get the guide, please?', ['guide'], 'guide'],
    ['the keyword written in capitals by the automation', 'send me the guide', ['GUIDE'], 'GUIDE'],
    ['accents in the message', 'la guía por favor', ['guia'], 'guia'],
    ['accents in the keyword', 'la GUIA por favor', ['guía'], 'guía'],
    ['letters stretched for emphasis', 'guiiiide pls', ['guide'], 'guide'],
    ['a hashtag', '#guide', ['guide'], 'guide'],
    ['a possessive: the word ends at the apostrophe', "the guide's link?", ['guide'], 'guide'],
    ['not inside a longer word', 'I read the guidelines', ['guide'], null],
    ['not a plural', 'any guides?', ['guide'], null],
    ['not a prefix of a word', 'misguided', ['guide'], null],
    ['two words in a row', 'can I have the free guide', ['free guide'], 'free guide'],
    ['two words across punctuation and case', 'FREE… guide!!', ['free guide'], 'free guide'],
    ['two words joined by a hyphen', 'the free-guide please', ['free guide'], 'free guide'],
    ['the words apart are not the phrase', 'free stuff and a guide', ['free guide'], null],
    ['the words in the other order', 'guide free', ['free guide'], null],
    ['the first keyword in the text wins', 'checklist then guide', ['guide', 'checklist'], 'checklist'],
    ['the longest at one place wins', 'free guide please', ['free', 'free guide'], 'free guide'],
    ['several keywords: one answer', 'GUIDE guide free guide Guide', ['guide', 'free guide'], 'guide'],
    ['a digit keyword', 'send 2026 plan', ['2026'], '2026'],
    ['fullwidth letters', 'ＧＵＩＤＥ', ['guide'], 'guide'],
    ['German ß', 'die STRASSE', ['straße'], 'straße'],
    ['an emoji-only message', '🔥🔥', ['guide'], null],
    ['an empty message', '', ['guide'], null],
    ['no keywords', 'guide', [], null],
  ];
  for (const [what, text, keywords, expected] of cases) {
    it(what, () => assert.equal(findKeyword(compileKeywords(keywords), text), expected));
  }

  it('reads long messages full of near-misses (each word is compared only with the keywords starting with it)', () => {
    const matcher = compileKeywords(['free guide now', 'free guide']);
    assert.equal(findKeyword(matcher, `${'free free free '.repeat(50_000)}free guide`), 'free guide');
    assert.equal(findKeyword(compileKeywords(['free guide']), `${'freeguide '.repeat(100_000)}guide`), null);
  });
});

describe('keywordProblem and distinctKeywords', () => {
  const cases: [string, string | null][] = [
    ['guide', null],
    ['free guide', null],
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['!!!', 'has no letter or digit to match'],
    ['🔥', 'has no letter or digit to match'],
    ['a b c d e f', 'has more than 5 words'],
    ['x'.repeat(MAX_KEYWORD_LENGTH + 1), `is longer than ${MAX_KEYWORD_LENGTH} characters`],
  ];
  for (const [keyword, problem] of cases) {
    it(`"${keyword.slice(0, 20)}": ${problem ?? 'usable'}`, () => assert.equal(keywordProblem(keyword), problem));
  }

  it('keeps the first spelling of keywords that read the same', () => {
    assert.deepEqual(distinctKeywords([' Guide ', 'guide', 'GUÍDE', 'free guide', 'free-guide']), [
      'Guide',
      'free guide',
    ]);
  });
});

describe('replyDecision', () => {
  const since = Date.UTC(2026, 11, 6, 12);
  const cases: [string, { sentAtMs: number | null; observedAtMs: number; firstRead: boolean }, string][] = [
    ['sent after the automation', { sentAtMs: since + 1, observedAtMs: since + 5, firstRead: false }, 'send'],
    [
      'sent before, seen after',
      { sentAtMs: since - 1, observedAtMs: since + 5, firstRead: false },
      'before_automation',
    ],
    ['no time, seen before', { sentAtMs: null, observedAtMs: since - 1, firstRead: false }, 'before_automation'],
    [
      'no time, seen after in a thread read before',
      { sentAtMs: null, observedAtMs: since + 1, firstRead: false },
      'send',
    ],
    [
      'no time, in a first read: history of unknown age',
      { sentAtMs: null, observedAtMs: since + 1, firstRead: true },
      'hold',
    ],
    ['a time, in a first read', { sentAtMs: since + 1, observedAtMs: since + 2, firstRead: true }, 'send'],
    [
      'no time, first read, seen before',
      { sentAtMs: null, observedAtMs: since - 1, firstRead: true },
      'before_automation',
    ],
  ];
  for (const [what, m, expected] of cases) it(what, () => assert.equal(replyDecision(since, m), expected));
});
