import type { FollowUpStep } from './follow-up-steps';
import type { PacingSettings } from './pacing';
import type { OutreachStatus } from './outreach-transitions';
import type { ApprovalMode, OutreachKind } from './send-rules';

/**
 * The outreach vocabulary: accounts with their pacing overrides, and the items of the outreach
 * ledger (one per intended DM) with their life cycle.
 */

// The statuses and the moves between them live in one table (outreach-transitions.ts).
export {
  FINAL_STATUSES,
  OUTREACH_STATUSES,
  PENDING_STATUSES,
  SEND_COUNTING_STATUSES,
  type OutreachStatus,
} from './outreach-transitions';

export interface OutreachItem {
  id: string;
  accountId: string;
  businessKey: string;
  kind: OutreachKind;
  contactId: string;
  username: string;
  text: string;
  priority: number;
  scheduledAt: string | null;
  campaign: string | null;
  template: string | null;
  videoId: string | null;
  stopOnReply: boolean;
  requiresApproval: boolean;
  approvedAt: string | null;
  status: OutreachStatus;
  attempts: number;
  softFailures: number;
  lastAttemptAt: string | null;
  outcome: string | null;
  lastError: string | null;
  sentAt: string | null;
  notifyWorkflowId: string | null;
  /** 0 for a first DM, 1–3 for a campaign's follow-up steps. */
  step: number;
  /** The follow-ups planned after this item (a step-0 campaign item), or null. */
  followUps: FollowUpStep[] | null;
  /** The item this one follows up. */
  parentItemId: string | null;
  /** The stored template (and its version) that wrote the text, when one did. */
  templateId: string | null;
  templateVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** The queue and the recorded sends of one account, as the sender reads them at each step. */
export interface SenderSnapshot {
  /** Send times (ms) inside the day window: sent, sending and needs-review items all count. */
  sendsMs: number[];
  lastSendMs: number | null;
  counts: Partial<Record<OutreachStatus, number>>;
  /** Queued again after a rate limit or an action block. */
  rateLimited: number;
  nextItemId: string | null;
  nextScheduledMs: number | null;
  /** Items 'sending': this attempt's own reservation, or one an interrupted attempt left behind. */
  inFlight: { id: string; token: string | null }[];
}

/** Per-account overrides of the configured pacing; null means "the configured default". */
export interface AccountOverrides {
  timeZone: string | null;
  perHour: number | null;
  perDay: number | null;
  minGapMs: number | null;
  maxGapMs: number | null;
  activeStartHour: number | null;
  activeEndHour: number | null;
  rampStartPerDay: number | null;
  rampStepPerDay: number | null;
  approvalMode: ApprovalMode | null;
}

export interface Account extends AccountOverrides {
  id: string;
  safariUrl: string;
  rampStartedAt: string | null;
  paused: boolean;
  /** While paused: when it ends by itself; null = until resumed. */
  pausedUntil: string | null;
  pauseReason: string | null;
  pausedAt: string | null;
  createdAt: string;
  /** The account has its own secret for incoming webhooks (the secret itself is never read with it). */
  incomingSecretSet: boolean;
  /** The account has its own key for its Safari server (likewise never read with it). */
  safariApiKeySet: boolean;
}

/** The configured defaults every account starts from (ramp without its start: that is per account). */
export interface OutreachDefaults {
  pacing: Omit<PacingSettings, 'ramp'> & { ramp: { startPerDay: number; stepPerDay: number } | null };
  approvalMode: ApprovalMode;
  /** outreach.awaiting_approval goes out at most once per this, per account (CRM_APPROVAL_NOTIFY_INTERVAL; not per account). */
  approvalNotifyMs: number;
}

/** The pacing an account actually runs with: its overrides over the defaults. */
export function effectivePacing(a: Account, d: OutreachDefaults): PacingSettings {
  const p = d.pacing;
  const rampStart = a.rampStartPerDay ?? p.ramp?.startPerDay ?? null;
  const startedAtMs = Date.parse(a.rampStartedAt ?? a.createdAt);
  return {
    perHour: a.perHour ?? p.perHour,
    perDay: a.perDay ?? p.perDay,
    minGapMs: a.minGapMs ?? p.minGapMs,
    maxGapMs: a.maxGapMs ?? p.maxGapMs,
    activeStartHour: a.activeStartHour ?? p.activeStartHour,
    activeEndHour: a.activeEndHour ?? p.activeEndHour,
    timeZone: a.timeZone ?? p.timeZone,
    ramp:
      rampStart === null
        ? null
        : { startPerDay: rampStart, stepPerDay: a.rampStepPerDay ?? p.ramp?.stepPerDay ?? 0, startedAtMs },
    hourMs: p.hourMs,
    dayMs: p.dayMs,
  };
}

export const effectiveApprovalMode = (a: Account, d: OutreachDefaults): ApprovalMode =>
  a.approvalMode ?? d.approvalMode;

/** null: not paused (or a timed pause that has ended); Infinity: until resumed. */
export function pausedUntilMs(a: Pick<Account, 'paused' | 'pausedUntil'>, nowMs: number): number | null {
  if (!a.paused) return null;
  if (a.pausedUntil === null) return Number.POSITIVE_INFINITY;
  const until = Date.parse(a.pausedUntil);
  return until > nowMs ? until : null;
}

/** The Safari host an account drives: calls to one host take turns, whichever account or worker makes them. */
export function safariHostKey(safariUrl: string): string {
  return new URL(safariUrl).host.replace(/[^A-Za-z0-9._:-]/g, '_');
}
