import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchContact, videoInterest, type AudienceCandidate } from '../../src/domain/audience-terms';
import { fitReason } from '../../src/domain/fit-reason';
import { classifyIntent, type IntentReading } from '../../src/domain/intents';
import { learnFromMessage } from '../../src/domain/learned-facts';
import { asksToStop } from '../../src/domain/opt-out';
import { renderTemplate } from '../../src/domain/templating';
import {
  AUDIENCE_UNITS,
  fill,
  INTENT_UNITS,
  LEARN_UNITS,
  LIMITS,
  OPT_OUT_UNITS,
  REASON_UNITS,
  repeatThen,
} from '../helpers/adversarial';

// The audience match, the DM's reason, templating and the opt-out rule on the largest texts the API
// takes, shaped against their regexes: each answer is asserted, the time is the benchmark's
// (npm run bench -- inputs). Before the fix a trailing "....." run, `{{` after `{{` and a negated
// phrase repeated through a message were quadratic.

const L = LIMITS.messageText;

describe('the audience match on adversarial contacts', () => {
  const interest = videoInterest({ keywords: ['automation', 'content strategy'], topics: [] });
  const candidate = (unit: string, building = fill(unit, LIMITS.contactField)): AudienceCandidate => ({
    id: 'c1',
    username: 'maker',
    displayName: fill(unit, 200),
    pipelineStage: 'first_touch',
    relationshipScore: 50,
    whatTheyreBuilding: building,
    currentFriction: fill(unit, LIMITS.contactField),
    theirDefinitionOfWin: fill(unit, LIMITS.contactField),
    fitSignals: Array(LIMITS.labels).fill(fill(unit, LIMITS.label)),
    tags: Array(LIMITS.labels).fill(fill(unit, LIMITS.label)),
    optedOut: false,
    recentInbound: Array(LIMITS.recentInbound).fill(fill(unit, L)),
    lastContactedAt: null,
  });

  it('camelCase on every letter, separators everywhere and run-together words match nothing', () => {
    for (const unit of AUDIENCE_UNITS)
      assert.deepEqual(matchContact(interest, candidate(unit)), { score: 0, reasons: [] }, JSON.stringify(unit));
  });

  it('a term at the end of such a field is found', () => {
    const member = candidate('aA', repeatThen('aA', LIMITS.contactField, ' automation'));
    assert.deepEqual(matchContact(interest, member), {
      score: 40,
      reasons: [{ source: 'building', term: 'automation', points: 40 }],
    });
  });
});

describe("the DM's reason from adversarial fields", () => {
  const reason = (building: string | null, term = 'automation') =>
    fitReason({
      candidate: { whatTheyreBuilding: building } as AudienceCandidate,
      reasons: [{ source: 'building', term, points: 40 }],
    });

  it("a field that is all punctuation, or all first person, gives way to the video's term", () => {
    for (const unit of REASON_UNITS)
      assert.equal(
        reason(fill(unit, LIMITS.contactField)),
        "you're building something around automation",
        JSON.stringify(unit),
      );
  });

  it('2,000 characters of trailing punctuation are trimmed, a run mid-text is cut', () => {
    for (const unit of ['.', '. ', '…-'])
      assert.equal(
        reason(repeatThen(unit, LIMITS.contactField, '').replace(/^.{16}/su, 'a podcast studio')),
        "you're building a podcast studio",
        JSON.stringify(unit),
      );
    assert.equal(reason(`a${fill('.', LIMITS.contactField - 2)}b`), "you're building a");
    assert.equal(reason(null, fill('.', LIMITS.contactField)), 'it looked like your kind of thing');
  });
});

describe('templating adversarial templates', () => {
  const T = LIMITS.template;
  const invalid = (raws: string[]) => ({
    ok: false,
    missing: [],
    invalid: raws,
    message: `invalid template placeholders: ${raws.join(', ')}`,
  });
  const shrinking = (unit: string, copies: number) => Array.from({ length: copies }, (_, i) => unit.repeat(copies - i));

  it('2,000 characters of openings without closings are each named as invalid', () => {
    assert.deepEqual(renderTemplate(fill('{{', T), {}), invalid(shrinking('{{', 10)));
    assert.deepEqual(renderTemplate(fill('{', T), {}), invalid(shrinking('{{', 10)));
    assert.deepEqual(renderTemplate(fill('{{ a', T), { a: 'x' }), invalid(shrinking('{{ a', 5)));
    assert.deepEqual(renderTemplate(fill('{{a}', T), { a: 'x' }), invalid(shrinking('{{a}', 5)));
  });

  it('one placeholder running the whole template is one variable with a long fallback', () => {
    assert.deepEqual(renderTemplate(`${fill('{{a|', T - 2)}}}`, { a: 'x' }), { ok: true, text: 'x' });
    assert.deepEqual(renderTemplate(`${fill('{{a}}', T - 5)}{{a}}`, { a: fill('$&', LIMITS.variable) }).ok, true);
  });
});

describe('the opt-out rule on adversarial messages', () => {
  const stop = (phrase: string, kind: string, matched = phrase) => ({ phrase, language: 'en', kind, matched });
  const EXPECTED: Record<string, ReturnType<typeof stop> | null> = {
    "don't stop messaging me ": null,
    'not interested in x ': null,
    'i told him to stop messaging me ': null,
    'stop ': stop('stop', 'command'),
    hahah: null,
    "'a ": null,
    '"a ': null,
    l: null,
    'stoooop ': stop('stop', 'command'),
    'why did you stop? ': null,
  };

  it('10,000 characters of phrases negated, narrowed, reported, laughed or asked about are what they are', () => {
    for (const unit of OPT_OUT_UNITS) assert.deepEqual(asksToStop(fill(unit, L)), EXPECTED[unit], JSON.stringify(unit));
  });

  it('the one phrase that asks, after 10,000 characters of ones that do not, is found', () => {
    assert.deepEqual(
      asksToStop(repeatThen("don't stop messaging me ", L, 'stop messaging me')),
      stop('stop messaging me', 'request'),
    );
    assert.deepEqual(
      asksToStop(repeatThen('not interested in x ', L, 'not interested, thanks')),
      stop('not interested', 'soft'),
    );
    assert.equal(asksToStop(repeatThen('not interested in x ', L, 'not interested, but x')), null);
  });
});

describe('the intent classifier on adversarial messages', () => {
  const reading = (intent: IntentReading['intent'], reason = ''): IntentReading => ({ intent, reason });
  const EXPECTED: Record<string, IntentReading> = {
    'not interested in x ': reading('other'),
    "don't love it ": reading('other'),
    'how ': reading('question', 'how how how how how how how how'),
    '? ': reading('question', 'question mark'),
    'busy ': reading('not_now', 'busy'),
    'hmm ': reading('other'),
    'i was ': reading('other'),
    'not ': reading('other'),
    'yes ': reading('interested', 'yes'),
    '🔥': reading('interested', 'emoji: 🔥'),
    'me interesa no ': reading('interested', 'me interesa'),
    'a. ': reading('other'),
  };

  it('10,000 characters of phrases negated, openers, marks and repeats are read as what they are', () => {
    for (const unit of INTENT_UNITS)
      assert.deepEqual(classifyIntent(fill(unit, L)), EXPECTED[unit], JSON.stringify(unit));
  });

  it('the one phrase that counts, after 10,000 characters of ones that do not, is found', () => {
    assert.deepEqual(
      classifyIntent(repeatThen('not interested in x ', L, 'sounds great')),
      reading('interested', 'sounds great'),
    );
    assert.deepEqual(classifyIntent(repeatThen('a. ', L, 'how much?')), reading('question', 'how much'));
  });
});

describe('learned facts from adversarial messages', () => {
  it('10,000 characters of empty, negated, reported, second-person or quoted triggers teach nothing', () => {
    for (const unit of LEARN_UNITS) assert.deepEqual(learnFromMessage(fill(unit, L)), [], JSON.stringify(unit));
  });

  it('the one real statement after 10,000 characters of negated ones is learned', () => {
    const facts = learnFromMessage(repeatThen("i'm not building x ", L, "I'm building a gym app"));
    assert.deepEqual(
      facts.map((f) => [f.field, f.value]),
      [['what_theyre_building', 'a gym app']],
    );
  });
});
