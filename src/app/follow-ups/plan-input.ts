import { followUpPlan, type FollowUpInput } from '../../domain/follow-ups';
import type { FollowUpStep } from '../../domain/follow-up-steps';
import type { Contact } from '../../domain/types';
import { renderDm, type VideoFacts } from '../outreach/dm-compose';
import { dmRefused, Refused } from '../refusal';

/**
 * A queued item's follow-ups, checked when it is queued as its first DM is: the plan's shape, and
 * each step rendered for this contact now, so a template that cannot be written is a 4xx today
 * rather than a plan that stops in three days. (Each step is rendered again when it comes due.)
 */
export function checkedPlan(
  steps: readonly FollowUpInput[] | undefined,
  contact: Pick<Contact, 'displayName' | 'username'>,
  video: VideoFacts | null,
  path: string,
): FollowUpStep[] | null {
  if (steps === undefined || steps.length === 0) return null;
  const plan = followUpPlan(steps);
  if (!plan.ok) throw new Refused('VALIDATION_FAILED', plan.message, { path: `${path}${plan.path}` });
  for (const [n, s] of plan.steps.entries()) {
    const rendered = renderDm(s.template !== null ? { template: s.template } : { text: s.text ?? '' }, contact, video);
    if (!rendered.ok) throw dmRefused(rendered.problem, `${path}follow_ups.${n}`);
  }
  return plan.steps;
}
