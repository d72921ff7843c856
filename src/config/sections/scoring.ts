import { z } from 'zod';
import { DEFAULT_SCORE_WEIGHTS, SCORE_COMPONENTS, sumWeights, WEIGHT_SUM_TOLERANCE } from '../../domain/scoring';
import type { ScoreComponent, ScoreWeights } from '../../domain/scoring';

/** The relationship score's component weights. Each is 0..1 and together they must sum to 1. */

const WEIGHT_KEYS = {
  recency: 'CRM_SCORE_WEIGHT_RECENCY',
  resonance: 'CRM_SCORE_WEIGHT_RESONANCE',
  needClarity: 'CRM_SCORE_WEIGHT_NEED_CLARITY',
  valueDelivered: 'CRM_SCORE_WEIGHT_VALUE',
  reliability: 'CRM_SCORE_WEIGHT_RELIABILITY',
  consent: 'CRM_SCORE_WEIGHT_CONSENT',
} as const satisfies Record<ScoreComponent, string>;

type WeightKey = (typeof WEIGHT_KEYS)[ScoreComponent];

/** Unset or blank means the default; "0" is a real zero (the original server's `|| default` lost it). */
const weight = (fallback: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ message: 'must be a number from 0 to 1' })
      .min(0, { message: 'must be a number from 0 to 1' })
      .max(1, { message: 'must be a number from 0 to 1' })
      .default(fallback),
  );

export const scoringEnv = {
  CRM_SCORE_WEIGHT_RECENCY: weight(DEFAULT_SCORE_WEIGHTS.recency),
  CRM_SCORE_WEIGHT_RESONANCE: weight(DEFAULT_SCORE_WEIGHTS.resonance),
  CRM_SCORE_WEIGHT_NEED_CLARITY: weight(DEFAULT_SCORE_WEIGHTS.needClarity),
  CRM_SCORE_WEIGHT_VALUE: weight(DEFAULT_SCORE_WEIGHTS.valueDelivered),
  CRM_SCORE_WEIGHT_RELIABILITY: weight(DEFAULT_SCORE_WEIGHTS.reliability),
  CRM_SCORE_WEIGHT_CONSENT: weight(DEFAULT_SCORE_WEIGHTS.consent),
} satisfies Record<WeightKey, z.ZodType>;

type ScoringEnv = z.infer<z.ZodObject<typeof scoringEnv>>;

function weightsOf(e: ScoringEnv): ScoreWeights {
  const entries = SCORE_COMPONENTS.map((c) => [c, e[WEIGHT_KEYS[c]]] as const);
  return Object.fromEntries(entries) as ScoreWeights;
}

export function buildScoring(e: ScoringEnv) {
  return { scoring: { weights: weightsOf(e) } };
}

/** Cross-field rule: the six weights must sum to 1. The message names every key and its value. */
export function checkScoring(e: ScoringEnv): { key: string; message: string }[] {
  const sum = sumWeights(weightsOf(e));
  if (Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE) return [];
  const terms = SCORE_COMPONENTS.map((c) => `${WEIGHT_KEYS[c]}=${e[WEIGHT_KEYS[c]]}`).join(' + ');
  return [{ key: 'CRM_SCORE_WEIGHT_*', message: `the score weights must sum to 1, but ${terms} = ${+sum.toFixed(6)}` }];
}
