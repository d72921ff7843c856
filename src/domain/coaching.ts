import type { Message } from './types';
import { roundScore } from './score-math';
import { addHeuristics, Feedback, nextActionSuggestion } from './coaching-heuristics';
import { applyRule, compileRules, type CompiledRule } from './coaching-apply';
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
  /**
   * Rules left out of their category because the regex engine could not run their pattern over
   * this text (a RangeError: V8's backtrack stack holds 64 MB); present only when there are some.
   */
  skippedRules?: string[];
}

export interface CoachingInput {
  messages: readonly Message[];
  rules?: readonly CoachingRule[];
}

const MAX_FEEDBACK = 5;

export function analyzeConversation({ messages, rules }: CoachingInput): CoachingResult {
  const outbound = messages.filter((m) => m.isOutbound).map((m) => m.text);
  const feedback = new Feedback();
  const skipped: string[] = [];
  const compiled = rules ? compileRules(rules) : COMPILED_DEFAULTS;
  const byCategory = scoreCategories(compiled, outbound, feedback, skipped);
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
    ...(skipped.length > 0 && { skippedRules: skipped }),
  };
}

const zeroes = (): Record<CoachingCategory, number> => ({
  curiosity: 0,
  value: 0,
  permission: 0,
  personalization: 0,
  pacing: 0,
});

/**
 * Each category is the weighted mean of its rules' scores; a category without active rules stays at 50.
 * A rule whose pattern cannot run over the text counts as one that does not compile (and is named).
 */
function scoreCategories(
  compiled: readonly CompiledRule[],
  outbound: readonly string[],
  feedback: Feedback,
  skipped: string[],
): Record<CoachingCategory, number> {
  const sums = zeroes();
  const weights = zeroes();
  const conversation = [outbound.join(' ')];
  for (const c of compiled) {
    const score = applyRule(c, c.rule.scope === 'message' ? outbound : conversation, feedback);
    if (score === null) {
      skipped.push(c.rule.id);
      continue;
    }
    sums[c.rule.category] += score * c.rule.weight;
    weights[c.rule.category] += c.rule.weight;
  }
  const scores = zeroes();
  for (const c of COACHING_CATEGORIES) scores[c] = weights[c] > 0 ? roundScore(sums[c] / weights[c]) : 50;
  return scores;
}

const COMPILED_DEFAULTS = compileRules(DEFAULT_COACHING_RULES);
