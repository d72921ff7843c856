import type { ActionLane, Contact, Message } from './types';
import { clamp, roundScore } from './score-math';
import {
  consentComponent,
  hasText,
  needClarityComponent,
  recencyComponent,
  reliabilityComponent,
  resonanceComponent,
  valueDeliveredComponent,
} from './scoring-components';

/**
 * The relationship score (crm-engines.md §3.2): six 0–100 components blended by weights that come
 * from config. Pure and deterministic: the clock is the caller's `nowMs`.
 */

export const SCORE_COMPONENTS = [
  'recency',
  'resonance',
  'needClarity',
  'valueDelivered',
  'reliability',
  'consent',
] as const;
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number];
export type ScoreComponents = Record<ScoreComponent, number>;
export type ScoreWeights = Record<ScoreComponent, number>;

export const DEFAULT_SCORE_WEIGHTS: Readonly<ScoreWeights> = Object.freeze({
  recency: 0.2,
  resonance: 0.2,
  needClarity: 0.15,
  valueDelivered: 0.2,
  reliability: 0.15,
  consent: 0.1,
});

/** How far the weights' sum may drift from 1: room for decimal input such as 0.15, nothing more. */
export const WEIGHT_SUM_TOLERANCE = 1e-6;

export interface ScoreTier {
  label: string;
  emoji: string;
  color: 'green' | 'blue' | 'yellow' | 'orange' | 'red';
}

export interface ContactScore {
  overall: number;
  components: ScoreComponents;
  tier: ScoreTier;
  lane: ActionLane;
}

export interface ScoreInput {
  contact: Contact;
  /** Recent messages; resonance is computed from them unless `resonance` is given. */
  messages?: readonly Message[];
  /**
   * Resonance kept from an earlier scoring: it depends on messages only, so a periodic rescore of
   * many contacts can reuse it instead of reading every message again.
   */
  resonance?: number | null;
  nowMs: number;
}

export function sumWeights(weights: ScoreWeights): number {
  let sum = 0;
  for (const key of SCORE_COMPONENTS) sum += weights[key];
  return sum;
}

/** Problems with a weight set, empty when usable: each weight within 0..1 and all of them summing to 1. */
export function validateWeights(weights: ScoreWeights): string[] {
  const problems: string[] = [];
  for (const key of SCORE_COMPONENTS) {
    const w = weights[key];
    if (!(Number.isFinite(w) && w >= 0 && w <= 1)) problems.push(`${key} must be a number from 0 to 1 (got ${w})`);
  }
  const sum = sumWeights(weights);
  if (problems.length === 0 && Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    problems.push(`weights must sum to 1 (${SCORE_COMPONENTS.join(' + ')} = ${+sum.toFixed(6)})`);
  }
  return problems;
}

/**
 * Scores one contact. The weights are not re-validated here (this runs for every contact of an
 * account): validate them once with `validateWeights`, as the config module does at start-up.
 */
export function scoreContact({ contact, messages, resonance, nowMs }: ScoreInput, weights: ScoreWeights): ContactScore {
  const components: ScoreComponents = {
    recency: recencyComponent(contact.lastMessageAt, nowMs),
    resonance: resonance ?? resonanceComponent(messages ?? []),
    needClarity: needClarityComponent(contact),
    valueDelivered: valueDeliveredComponent(contact.valueDeliveredCount),
    reliability: reliabilityComponent(contact.promisesKept, contact.promisesMade),
    consent: consentComponent(contact),
  };
  const weighted =
    components.recency * weights.recency +
    components.resonance * weights.resonance +
    components.needClarity * weights.needClarity +
    components.valueDelivered * weights.valueDelivered +
    components.reliability * weights.reliability +
    components.consent * weights.consent;
  const overall = clamp(roundScore(weighted), 0, 100);
  return { overall, components, tier: getScoreTier(overall), lane: determineActionLane(contact, overall) };
}

const tier = (label: string, emoji: string, color: ScoreTier['color']): ScoreTier =>
  Object.freeze({ label, emoji, color });
const TIERS: readonly (readonly [min: number, tier: ScoreTier])[] = [
  [90, tier('Excellent', '🌟', 'green')],
  [80, tier('Great', '⭐', 'green')],
  [70, tier('Good', '👍', 'blue')],
  [60, tier('Growing', '📈', 'blue')],
  [50, tier('Building', '📊', 'yellow')],
  [40, tier('Needs Work', '⚠️', 'yellow')],
  [30, tier('At Risk', '🔧', 'orange')],
];
const COLD = tier('Cold', '❄️', 'red');

/** The tier objects are shared and frozen, so scoring many contacts allocates none. */
export function getScoreTier(score: number): ScoreTier {
  for (const [min, t] of TIERS) if (score >= min) return t;
  return COLD;
}

/**
 * Which kind of message fits the contact now. The stage wins over the score; a contact never scored
 * (score null) has shown neither cooling nor a need, so it gets the default friendship lane.
 */
export function determineActionLane(
  contact: Pick<Contact, 'pipelineStage' | 'whatTheyreBuilding'>,
  score: number | null,
): ActionLane {
  if (contact.pipelineStage === 'post_win_expansion') return 'retention';
  if (contact.pipelineStage === 'fit_repeats' || contact.pipelineStage === 'permissioned_offer') return 'offer';
  if (score === null) return 'friendship';
  if (score < 40) return 'rewarm';
  if (score < 70 && hasText(contact.whatTheyreBuilding)) return 'service';
  return 'friendship';
}
