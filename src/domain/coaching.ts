import type { Message } from './types';
import { roundScore } from './score-math';
import { addHeuristics, Feedback, nextActionSuggestion } from './coaching-heuristics';
import {
  CATEGORY_WEIGHTS,
  COACHING_CATEGORIES,
  DEFAULT_COACHING_RULES,
  type CoachingCategory,
  type CoachingRule,
} from './coaching-rules';

/**
 * Coaching (crm-engines.md §3.3): how well the creator's own messages show curiosity, give value,
 * ask permission, personalize and pace. Regex rules plus a few counting heuristics; no model.
 */

export { nextActionSuggestion };

export interface CoachingResult {
  overallScore: number;
  curiosityScore: number;
  valueScore: number;
  permissionScore: number;
  personalizationScore: number;
  pacingScore: number;
  strengths: string[];
  improvements: string[];
  nextActionSuggestion: string;
}

export interface CoachingInput {
  messages: readonly Message[];
  rules?: readonly CoachingRule[];
}

interface CompiledRule {
  rule: CoachingRule;
  positive: RegExp | null;
  negative: RegExp | null;
}

const MAX_FEEDBACK = 5;

export function analyzeConversation({ messages, rules }: CoachingInput): CoachingResult {
  const outbound = messages.filter((m) => m.isOutbound).map((m) => m.text);
  const feedback = new Feedback();
  const byCategory = scoreCategories(rules ? compileRules(rules) : COMPILED_DEFAULTS, outbound, feedback);
  const scores = {
    curiosityScore: byCategory.curiosity,
    valueScore: byCategory.value,
    permissionScore: byCategory.permission,
    personalizationScore: byCategory.personalization,
    pacingScore: byCategory.pacing,
  };
  let weighted = 0;
  for (const c of COACHING_CATEGORIES) weighted += byCategory[c] * CATEGORY_WEIGHTS[c];
  const overallScore = roundScore(weighted);
  addHeuristics(outbound, messages.length - outbound.length, feedback);
  return {
    overallScore,
    ...scores,
    strengths: [...feedback.strengths].slice(0, MAX_FEEDBACK),
    improvements: [...feedback.improvements].slice(0, MAX_FEEDBACK),
    nextActionSuggestion: nextActionSuggestion(overallScore),
  };
}

const zeroes = (): Record<CoachingCategory, number> => ({
  curiosity: 0,
  value: 0,
  permission: 0,
  personalization: 0,
  pacing: 0,
});

/** Each category is the weighted mean of its rules' scores; a category without active rules stays at 50. */
function scoreCategories(
  compiled: readonly CompiledRule[],
  outbound: readonly string[],
  feedback: Feedback,
): Record<CoachingCategory, number> {
  const sums = zeroes();
  const weights = zeroes();
  const conversation = [outbound.join(' ')];
  for (const c of compiled) {
    const score = applyRule(c, c.rule.scope === 'message' ? outbound : conversation, feedback);
    sums[c.rule.category] += score * c.rule.weight;
    weights[c.rule.category] += c.rule.weight;
  }
  const scores = zeroes();
  for (const c of COACHING_CATEGORIES) scores[c] = weights[c] > 0 ? roundScore(sums[c] / weights[c]) : 50;
  return scores;
}

/**
 * Drops rules that cannot count: weight 0, negative or not a number (switched off), or no pattern
 * that compiles. An invalid custom regex is skipped rather than thrown, so one bad row in the rules
 * table cannot break coaching, and it does not pull its category towards a neutral 50 either.
 */
function compileRules(rules: readonly CoachingRule[]): CompiledRule[] {
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    if (!(Number.isFinite(rule.weight) && rule.weight > 0)) continue;
    const positive = compilePattern(rule.positivePattern);
    const negative = compilePattern(rule.negativePattern);
    if (positive || negative) compiled.push({ rule, positive, negative });
  }
  return compiled;
}

function compilePattern(source: string | undefined): RegExp | null {
  if (!source) return null;
  try {
    return new RegExp(source, 'i');
  } catch {
    return null;
  }
}

const COMPILED_DEFAULTS = compileRules(DEFAULT_COACHING_RULES);

/** crm-core's scale: positive found 100 / missing 30; negative found 20 / absent 80 (unless already a strength). */
function applyRule({ rule, positive, negative }: CompiledRule, texts: readonly string[], feedback: Feedback): number {
  let score = 50;
  if (positive) {
    if (texts.some((t) => positive.test(t))) {
      feedback.strength(rule.feedbackIfPresent);
      return 100;
    }
    score = 30;
    feedback.improvement(rule.feedbackIfMissing);
  }
  if (negative) {
    if (texts.some((t) => negative.test(t))) {
      feedback.improvement(rule.feedbackIfPresent);
      return 20;
    }
    score = 80;
  }
  return score;
}
