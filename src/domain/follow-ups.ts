import { MAX_FOLLOW_UPS, type FollowUpStep } from './follow-up-steps';
import { FINAL_STATUSES, type OutreachStatus } from './outreach-transitions';

/**
 * The rules of a campaign's follow-ups (issue 24 §1): a plan of at most three steps, each going
 * `after` the previous step was sent, and only while the conversation is still ours to continue —
 * the previous step went out, they have not written since and have not opted out. Anything else
 * ends the plan: a follow-up never chases someone who answered.
 */

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** The longest wait a step may have: a follow-up months later is a new campaign, not a follow-up. */
export const MAX_FOLLOW_UP_AFTER_MS = 90 * UNIT_MS.d;

/** "3d", "12h", "45m", "90s" in milliseconds; null when it is not one, is zero or is too long. */
export function parseAfter(after: string): number | null {
  const m = /^(\d{1,7})(s|m|h|d)$/.exec(after.trim());
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms > 0 && ms <= MAX_FOLLOW_UP_AFTER_MS ? ms : null;
}

/** Milliseconds as the largest whole unit ("3d", "90s"): how a configured wait reads in a plan. */
export function formatAfter(ms: number): string {
  for (const unit of ['d', 'h', 'm'] as const) if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${Math.max(1, Math.round(ms / 1_000))}s`;
}

export interface FollowUpInput {
  after: string;
  text?: string;
  template?: string;
  /** The stored template the text or template came from, kept on the step's item. */
  templateId?: string;
  templateVersion?: number;
}

export type PlanResult = { ok: true; steps: FollowUpStep[] } | { ok: false; path: string; message: string };

/** A caller's follow-ups as the ledger stores them, or the first thing wrong with them. */
export function followUpPlan(inputs: readonly FollowUpInput[]): PlanResult {
  if (inputs.length > MAX_FOLLOW_UPS)
    return { ok: false, path: 'follow_ups', message: `at most ${MAX_FOLLOW_UPS} steps` };
  const steps: FollowUpStep[] = [];
  for (const [n, i] of inputs.entries()) {
    const afterMs = parseAfter(i.after);
    if (afterMs === null)
      return { ok: false, path: `follow_ups.${n}.after`, message: 'must be like 3d, 12h, 45m or 90s (at most 90d)' };
    // A stored template's id rides along with the text it was resolved to (templates as data, §2).
    if ((i.text === undefined) === (i.template === undefined))
      return { ok: false, path: `follow_ups.${n}`, message: 'give exactly one of text and template' };
    steps.push({
      after: i.after.trim(),
      afterMs,
      text: i.text ?? null,
      template: i.template ?? null,
      templateId: i.templateId ?? null,
      templateVersion: i.templateVersion ?? null,
    });
  }
  return { ok: true, steps };
}

/** What is known when step `step` (1..3) comes due: the step before it, and the contact now. */
export interface StepFacts {
  step: number;
  plan: readonly FollowUpStep[];
  previous: { status: OutreachStatus; sentAtMs: number | null };
  optedOut: boolean;
  /** When we last observed a message from them. */
  lastInboundAtMs: number | null;
}

/** not_renderable: the step's template cannot be written for them now (its video is gone). */
export type StopReason = 'plan_done' | 'previous_not_sent' | 'replied' | 'opted_out' | 'cancelled' | 'not_renderable';
export type StepVerdict = { kind: 'queue'; step: FollowUpStep } | { kind: 'stop'; reason: StopReason };

/** Whether step `step` may be queued; a stop ends the whole plan (later steps follow this one). */
export function stepVerdict(f: StepFacts): StepVerdict {
  const step = f.plan[f.step - 1];
  if (!step) return { kind: 'stop', reason: 'plan_done' };
  if (f.previous.status !== 'sent' || f.previous.sentAtMs === null)
    return { kind: 'stop', reason: 'previous_not_sent' };
  if (f.optedOut) return { kind: 'stop', reason: 'opted_out' };
  // A message at the very moment of the send counts as an answer: when unsure, do not chase.
  if (f.lastInboundAtMs !== null && f.lastInboundAtMs >= f.previous.sentAtMs)
    return { kind: 'stop', reason: 'replied' };
  return { kind: 'queue', step };
}

/** Why a queued step that ended without going out ends the plan (the send-time rules' reason when they gave one). */
export function stopOfStep(status: OutreachStatus, outcome: string | null): StopReason {
  if (status === 'cancelled') return 'cancelled';
  if (outcome === 'replied' || outcome === 'opted_out') return outcome;
  return 'previous_not_sent';
}

/** When step `step` comes due, given when the step before it was sent. */
export const dueAtMs = (plan: readonly FollowUpStep[], step: number, previousSentAtMs: number): number =>
  previousSentAtMs + (plan[step - 1]?.afterMs ?? 0);

/** One planned step as the queue shows it: when it is due, or what it waits for first. */
export interface StepView {
  step: number;
  after: string;
  dueAtMs: number | null;
  waitingFor: 'first_dm' | 'timer' | 'previous_step' | 'stopped';
}

/**
 * The plan of a first DM as far as the first DM alone tells: before it is sent every step waits for
 * it; once sent, step 1 is due `after` it (unless they answer) and each later step waits for the one
 * before. A first DM that ended any other way stops the plan.
 */
export function planView(first: { status: OutreachStatus; sentAtMs: number | null }, plan: readonly FollowUpStep[]) {
  const ended = first.status !== 'sent' && FINAL_STATUSES.includes(first.status);
  return plan.map((s, n): StepView => {
    const base = { step: n + 1, after: s.after, dueAtMs: null };
    if (ended) return { ...base, waitingFor: 'stopped' };
    if (first.sentAtMs === null) return { ...base, waitingFor: n === 0 ? 'first_dm' : 'previous_step' };
    if (n > 0) return { ...base, waitingFor: 'previous_step' };
    return { ...base, dueAtMs: dueAtMs(plan, 1, first.sentAtMs), waitingFor: 'timer' };
  });
}
