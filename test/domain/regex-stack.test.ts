import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { analyzeConversation } from '../../src/domain/coaching';
import { DEFAULT_COACHING_RULES, type CoachingRule } from '../../src/domain/coaching-rules';
import { fill, LIMITS, messages } from '../helpers/adversarial';
import { engineAnswers } from '../helpers/regex-stack-probe';

// `npm run bench` crashed in `inputs` with "RangeError: Maximum call stack size exceeded" from
// coaching's question rule, only after the other benchmarks had run in the same process. V8 compiles
// a regex without its optimizations once the process has made over 1 MB of regex code and holds over
// 16 MB of executable memory; then a `+` keeps a 16-byte backtrack entry per character it passes,
// and the 64 MB backtrack stack overflows at about 4,200,000 (coaching joins up to 5,000,000).
// `--no-regexp-optimization` puts a child process in that state from its first regex.

const PROBE = 'test/helpers/regex-stack-probe.ts';
const probe = (flags: string[], ...args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [...flags, '--import', 'tsx', PROBE, ...args], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    }),
  ) as Record<string, string>;
const UNOPTIMIZED = ['--no-regexp-optimization'];
const QUESTION = DEFAULT_COACHING_RULES.find((r) => r.id === 'curiosity_open_questions')!.positivePattern!;

describe('regexes over the largest texts, compiled the way a busy process compiles them', () => {
  it('reproduces the crash: the question rule as it was throws there, and runs in a fresh process', () => {
    const before = QUESTION.replace('.*.\\?)', '.+\\?)');
    assert.notEqual(before, QUESTION);
    assert.match(probe(UNOPTIMIZED, 'pattern', before).pattern!, /^threw RangeError: Maximum call stack size/);
    assert.equal(probe([], 'pattern', before).pattern, 'false');
  });

  it("the default question rule answers there, and with V8's regex interpreter too", () => {
    assert.equal(probe(UNOPTIMIZED, 'pattern', QUESTION).pattern, 'false');
    assert.equal(probe([...UNOPTIMIZED, '--regexp-interpret-all'], 'pattern', QUESTION).pattern, 'false');
  });

  it('POST /api/coaching/analyze answers 200 on 500 × 10,000 characters of each long run there', () => {
    const answers = probe(UNOPTIMIZED, 'api');
    assert.ok(Object.keys(answers).length >= 7);
    for (const [unit, status] of Object.entries(answers)) assert.equal(status, '200 ok', unit);
  });

  it('every engine gives the same answers there as here, on every adversarial text', () => {
    const here = engineAnswers();
    assert.ok(Object.keys(here).length > 100);
    for (const [key, value] of Object.entries(here)) assert.doesNotMatch(value, /^threw/, key);
    assert.deepEqual(probe(UNOPTIMIZED, 'engines'), here);
  });
});

describe("a team's rule the regex engine cannot run", () => {
  const text = messages(LIMITS.coachingMessages, fill('a', LIMITS.messageText), 'out');
  const rule = (id: string, positivePattern: string): CoachingRule => ({
    id,
    category: 'value',
    name: id,
    positivePattern,
    weight: 1,
    feedbackIfPresent: `${id} present`,
    feedbackIfMissing: `${id} missing`,
  });

  it('is left out of its category and named; the other rules still count', () => {
    // A captured group repeated over 5,000,000 characters: an entry per character even optimized.
    const overflowing = rule('repeated_group', '^([a ])+$');
    assert.throws(
      () => new RegExp(overflowing.positivePattern!, 'i').test(text.map((m) => m.text).join(' ')),
      RangeError,
    );
    const result = analyzeConversation({ messages: text, rules: [overflowing, rule('plain', 'zzz')] });
    assert.deepEqual(result.skippedRules, ['repeated_group']);
    assert.equal(result.valueScore, 30, 'only "plain" (missing) counts');
    assert.deepEqual(result.improvements.slice(0, 1), ['plain missing']);
    assert.ok(!result.strengths.includes('repeated_group present'));
    assert.equal(analyzeConversation({ messages: text }).skippedRules, undefined, 'the defaults always run');
  });
});
