import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { learnFromMessage, MAX_VALUE_LENGTH, type LearnedFact } from '../../src/domain/learned-facts';
import { LEARN_TABLE, type LearnRow } from './learned-facts-table';

// The table is what a person would note down; the engine must agree with it on at least AGREEMENT
// of the rows (every field and value, after trimming), and the rows it gets wrong are printed.
const AGREEMENT = 0.9;

function asRow(text: string, facts: LearnedFact[]): LearnRow {
  const one = (field: LearnedFact['field']) => facts.find((f) => f.field === field)?.value.trim();
  const signals = facts.filter((f) => f.field === 'fit_signals').map((f) => f.value);
  const row: LearnRow = { text };
  const [b, f, w] = [one('what_theyre_building'), one('current_friction'), one('their_definition_of_win')];
  if (b !== undefined) row.b = b;
  if (f !== undefined) row.f = f;
  if (w !== undefined) row.w = w;
  if (signals.length > 0) row.s = [...signals].sort();
  return row;
}
const expected = (row: LearnRow): LearnRow => {
  const { s, ...rest } = row;
  const trimmed = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v.trim()])) as unknown as LearnRow;
  return s && s.length > 0 ? { ...trimmed, s: [...s].sort() } : trimmed;
};

describe('learnFromMessage against the table of real-looking messages', () => {
  it('has at least 80 rows in five languages, many teaching nothing', () => {
    assert.ok(LEARN_TABLE.length >= 80, `${LEARN_TABLE.length} rows`);
    const nothing = LEARN_TABLE.filter((r) => !r.b && !r.f && !r.w && !r.s).length;
    assert.ok(nothing >= 30, `${nothing} rows teaching nothing`);
  });

  it(`agrees with a person on at least ${AGREEMENT * 100}% of the rows`, () => {
    const wrong = LEARN_TABLE.map((row) => ({
      want: expected(row),
      got: asRow(row.text, learnFromMessage(row.text)),
    })).filter(({ want, got }) => JSON.stringify(want) !== JSON.stringify(got));
    const agreement = 1 - wrong.length / LEARN_TABLE.length;
    for (const { want, got } of wrong)
      console.log(`disagrees: ${JSON.stringify(want)}\n      got: ${JSON.stringify(got)}`);
    console.log(
      `agreement: ${LEARN_TABLE.length - wrong.length} of ${LEARN_TABLE.length} (${(agreement * 100).toFixed(1)}%)`,
    );
    assert.ok(agreement >= AGREEMENT, `agreement ${agreement.toFixed(3)} < ${AGREEMENT}`);
  });

  it('never learns from a row a person learns nothing from', () => {
    const leaks = LEARN_TABLE.filter((r) => !r.b && !r.f && !r.w && !r.s).filter(
      (r) => learnFromMessage(r.text).length > 0,
    );
    assert.deepEqual(
      leaks.map((r) => r.text),
      [],
    );
  });
});

describe('learnFromMessage', () => {
  it("keeps the sentence that taught each fact, and the pattern's label", () => {
    assert.deepEqual(learnFromMessage('Hi!! I am building a small app for gyms, still figuring out pricing. Thanks'), [
      {
        field: 'what_theyre_building',
        value: 'a small app for gyms',
        sentence: 'I am building a small app for gyms, still figuring out pricing.',
        pattern: "I'm building …",
      },
      {
        field: 'current_friction',
        value: 'pricing',
        sentence: 'I am building a small app for gyms, still figuring out pricing.',
        pattern: 'still figuring out …',
      },
      {
        field: 'fit_signals',
        value: 'pricing',
        sentence: 'I am building a small app for gyms, still figuring out pricing.',
        pattern: 'still figuring out …',
      },
    ]);
  });

  it('learns each text field once per message: the first', () => {
    const facts = learnFromMessage("I'm building a bakery site. We're also building a CRM");
    assert.deepEqual(
      facts.map((f) => f.value),
      ['a bakery site'],
    );
  });

  it('caps a value that runs on, at a word', () => {
    const long = 'a very long thing '.repeat(20);
    const [fact] = learnFromMessage(`I'm building ${long}`);
    assert.ok(fact && fact.value.length <= MAX_VALUE_LENGTH && fact.value.length > 80, fact?.value);
    assert.ok(long.startsWith(`${fact.value} `), fact.value);
  });

  it('takes no value from inside double quotes, nor a quote from someone else', () => {
    assert.deepEqual(learnFromMessage('my mentor wrote “I’m building a bot” on the board'), []);
  });
});
