import type { Feedback } from './coaching-heuristics';
import type { CoachingRule } from './coaching-rules';

/** How one coaching rule is compiled and scored over the creator's texts (crm-engines.md §3.3). */

export interface CompiledRule {
  rule: CoachingRule;
  positive: RegExp | null;
  negative: RegExp | null;
}

/**
 * Drops rules that cannot count: weight 0, negative or not a number (switched off), or no pattern
 * that compiles. An invalid custom regex is skipped rather than thrown, so one bad row in the rules
 * table cannot break coaching, and it does not pull its category towards a neutral 50 either.
 */
export function compileRules(rules: readonly CoachingRule[]): CompiledRule[] {
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

/**
 * crm-core's scale: positive found 100 / missing 30; negative found 20 / absent 80 (unless already a
 * strength). Null when a pattern could not run: no score and no feedback from that rule.
 */
export function applyRule(
  { rule, positive, negative }: CompiledRule,
  texts: readonly string[],
  feedback: Feedback,
): number | null {
  const present = positive ? matchesAny(positive, texts) : false;
  if (present === null) return null;
  if (present) {
    feedback.strength(rule.feedbackIfPresent);
    return 100;
  }
  const pushy = negative ? matchesAny(negative, texts) : false;
  if (pushy === null) return null;
  if (positive) feedback.improvement(rule.feedbackIfMissing);
  if (!pushy) return negative ? 80 : 30;
  feedback.improvement(rule.feedbackIfPresent);
  return 20;
}

/**
 * Null when V8 gives up: a pattern that keeps a backtrack entry for each character it passes (a
 * team's `(a|b)+`, `(\w)+`) throws a RangeError on a long enough text instead of answering. A
 * failed evaluation, not a failed request: the caller leaves the rule out.
 */
function matchesAny(pattern: RegExp, texts: readonly string[]): boolean | null {
  try {
    return texts.some((t) => pattern.test(t));
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}
