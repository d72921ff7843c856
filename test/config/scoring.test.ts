import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { buildScoring, checkScoring, scoringEnv } from '../../src/config/sections/scoring';

const schema = z.object(scoringEnv);
const KEYS = {
  recency: 'CRM_SCORE_WEIGHT_RECENCY',
  resonance: 'CRM_SCORE_WEIGHT_RESONANCE',
  needClarity: 'CRM_SCORE_WEIGHT_NEED_CLARITY',
  valueDelivered: 'CRM_SCORE_WEIGHT_VALUE',
  reliability: 'CRM_SCORE_WEIGHT_RELIABILITY',
  consent: 'CRM_SCORE_WEIGHT_CONSENT',
};

describe('scoring config: weights', () => {
  const cases: [string, Record<string, string>, Record<string, number>][] = [
    [
      'unset → defaults',
      {},
      { recency: 0.2, resonance: 0.2, needClarity: 0.15, valueDelivered: 0.2, reliability: 0.15, consent: 0.1 },
    ],
    [
      'blank → default',
      { CRM_SCORE_WEIGHT_RECENCY: '', CRM_SCORE_WEIGHT_CONSENT: ' ' },
      { recency: 0.2, consent: 0.1 },
    ],
    [
      '"0" stays 0',
      { CRM_SCORE_WEIGHT_RECENCY: '0', CRM_SCORE_WEIGHT_RESONANCE: '0.4' },
      { recency: 0, resonance: 0.4 },
    ],
    [
      'every key is read',
      {
        CRM_SCORE_WEIGHT_RECENCY: '0.1',
        CRM_SCORE_WEIGHT_RESONANCE: '0.2',
        CRM_SCORE_WEIGHT_NEED_CLARITY: '0.3',
        CRM_SCORE_WEIGHT_VALUE: '0.1',
        CRM_SCORE_WEIGHT_RELIABILITY: '0.2',
        CRM_SCORE_WEIGHT_CONSENT: '0.1',
      },
      { recency: 0.1, resonance: 0.2, needClarity: 0.3, valueDelivered: 0.1, reliability: 0.2, consent: 0.1 },
    ],
  ];
  for (const [name, env, expected] of cases) {
    it(name, () => {
      const e = schema.parse(env);
      const { weights } = buildScoring(e).scoring;
      for (const [key, value] of Object.entries(expected))
        assert.equal(weights[key as keyof typeof weights], value, key);
      assert.deepEqual(checkScoring(e), [], 'these sum to 1 (within float noise)');
    });
  }

  const invalid: [string, string][] = [
    ['abc', 'not a number'],
    ['1.5', 'above 1'],
    ['-0.1', 'below 0'],
    ['Infinity', 'infinite'],
  ];
  for (const [value, why] of invalid) {
    it(`rejects "${value}" (${why}) and names the key`, () => {
      const result = schema.safeParse({ CRM_SCORE_WEIGHT_VALUE: value });
      assert.equal(result.success, false);
      assert.deepEqual(
        result.error?.issues.map((i) => [i.path[0], i.message]),
        [['CRM_SCORE_WEIGHT_VALUE', 'must be a number from 0 to 1']],
      );
    });
  }
});

describe('checkScoring: the weights must sum to 1', () => {
  const cases: [string, Record<string, string>, string | null][] = [
    ['sum 1.1', { CRM_SCORE_WEIGHT_RECENCY: '0.3' }, '1.1'],
    ['sum 0.8', { CRM_SCORE_WEIGHT_RECENCY: '0' }, '0.8'],
    ['sum 1.00001', { CRM_SCORE_WEIGHT_CONSENT: '0.10001' }, '1.00001'],
    ['sum 1.0000001 is close enough', { CRM_SCORE_WEIGHT_CONSENT: '0.1000001' }, null],
  ];
  for (const [name, env, sum] of cases) {
    it(name, () => {
      const issues = checkScoring(schema.parse(env));
      if (sum === null) return assert.deepEqual(issues, []);
      assert.equal(issues.length, 1);
      const message = issues[0]?.message ?? '';
      assert.ok(message.endsWith(`= ${sum}`), message);
      for (const key of Object.values(KEYS)) assert.ok(message.includes(`${key}=`), `${key} named in: ${message}`);
    });
  }
});
