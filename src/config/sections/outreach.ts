import { z } from 'zod';
import { isValidTimeZone } from '../../domain/pacing';
import { APPROVAL_MODES } from '../../domain/send-rules';
import { duration, emptyAsUndefined, int } from '../fields';

/**
 * Sending DMs: the pacing defaults every account starts from (each can be overridden per account
 * through the API), under the names the user's ecosystem already uses (CRM_RATE_*,
 * CRM_ACTIVE_HOURS_*), and the safety rules around them. Defaults follow the stricter compliance
 * figures: 5 DMs an hour, 30 a day, 2–5 minutes apart, 09:00–21:00 in the account's zone.
 */

const machineTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const outreachEnv = {
  CRM_RATE_MESSAGES_PER_HOUR: int(5, 0, 1_000),
  CRM_RATE_MESSAGES_PER_DAY: int(30, 0, 10_000),
  /** The jittered gap between two sends of one account is drawn between these two. */
  CRM_RATE_MIN_DELAY_MS: int(120_000, 0),
  CRM_RATE_MAX_DELAY_MS: int(300_000, 0),
  /** Local hours in CRM_TIMEZONE, start inclusive, end exclusive; 0 and 24 mean always. */
  CRM_ACTIVE_HOURS_START: int(9, 0, 23),
  CRM_ACTIVE_HOURS_END: int(21, 1, 24),
  CRM_TIMEZONE: emptyAsUndefined(
    z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
  ),
  /** Warm-up for a new or recovering account: this many DMs a day at first (unset: no ramp)... */
  CRM_RAMP_START_PER_DAY: emptyAsUndefined(z.coerce.number().int().min(0).max(10_000).optional()),
  /** ...and this many more each day, up to CRM_RATE_MESSAGES_PER_DAY. */
  CRM_RAMP_STEP_PER_DAY: int(2, 0, 1_000),
  /** An action block or a 429 from Safari pauses the account this long (or until resumed by hand). */
  CRM_PAUSE_ON_BLOCK_MS: int(86_400_000, 0),
  /** The same text to the same contact within this window is skipped. */
  CRM_DEDUP_WINDOW: duration('30d'),
  /** none | first_contact (automated DMs to someone who never wrote to us wait for approval) | all. */
  CRM_APPROVAL_MODE: z.enum(APPROVAL_MODES).default('first_contact'),
  /** outreach.awaiting_approval (how many DMs wait for a person) goes out at most once per this, per account. */
  CRM_APPROVAL_NOTIFY_INTERVAL: duration('1h').refine((ms) => ms > 0, 'must be a duration such as 1h'),
  /** Length of the rolling "hour" and "day" windows: real ones in production, scaled down by tests and demos. */
  CRM_RATE_HOUR_WINDOW_MS: int(3_600_000, 1_000),
  CRM_RATE_DAY_WINDOW_MS: int(86_400_000, 1_000),
  /** Safari answered neither yes nor no (no session, unreachable): retry after this, doubling up to the max. */
  OUTREACH_SESSION_RETRY_MS: int(60_000, 100),
  OUTREACH_SESSION_RETRY_MAX_MS: int(1_800_000, 100),
  /** A send that failed softly (200 + success:false) is retried, after checking the thread, this many times. */
  OUTREACH_MAX_SOFT_RETRIES: int(2, 0, 10),
  /**
   * A send that got no answer may still land this long after it began: the Safari server has no
   * cancellation and keeps typing (send-to alone is 18–30 s, with fallbacks and 30 s script
   * timeouts several minutes). Absent at the first read-back, the thread is read again once this
   * has passed, and only then does the DM go back to the queue.
   */
  OUTREACH_LATE_LANDING_MS: int(600_000, 0),
  /** How long POST /api/dm/send waits for the DM to go out before answering 202 with a status link. */
  DM_SEND_WAIT_MS: int(60_000, 0),
};

type OutreachEnv = z.infer<z.ZodObject<typeof outreachEnv>>;

export function buildOutreach(e: OutreachEnv) {
  return {
    outreach: {
      pacing: {
        perHour: e.CRM_RATE_MESSAGES_PER_HOUR,
        perDay: e.CRM_RATE_MESSAGES_PER_DAY,
        minGapMs: e.CRM_RATE_MIN_DELAY_MS,
        maxGapMs: e.CRM_RATE_MAX_DELAY_MS,
        activeStartHour: e.CRM_ACTIVE_HOURS_START,
        activeEndHour: e.CRM_ACTIVE_HOURS_END,
        timeZone: e.CRM_TIMEZONE ?? machineTimeZone(),
        ramp:
          e.CRM_RAMP_START_PER_DAY === undefined
            ? null
            : { startPerDay: e.CRM_RAMP_START_PER_DAY, stepPerDay: e.CRM_RAMP_STEP_PER_DAY },
        hourMs: e.CRM_RATE_HOUR_WINDOW_MS,
        dayMs: e.CRM_RATE_DAY_WINDOW_MS,
      },
      pauseOnBlockMs: e.CRM_PAUSE_ON_BLOCK_MS,
      dedupWindowMs: e.CRM_DEDUP_WINDOW,
      approvalMode: e.CRM_APPROVAL_MODE,
      approvalNotifyMs: e.CRM_APPROVAL_NOTIFY_INTERVAL,
      sessionRetry: { initialMs: e.OUTREACH_SESSION_RETRY_MS, maxMs: e.OUTREACH_SESSION_RETRY_MAX_MS },
      maxSoftRetries: e.OUTREACH_MAX_SOFT_RETRIES,
      lateLandingMs: e.OUTREACH_LATE_LANDING_MS,
      dmSendWaitMs: e.DM_SEND_WAIT_MS,
    },
  };
}

export function checkOutreach(e: OutreachEnv): { key: string; message: string }[] {
  if (e.CRM_RATE_MIN_DELAY_MS <= e.CRM_RATE_MAX_DELAY_MS) return [];
  return [
    {
      key: 'CRM_RATE_MIN_DELAY_MS',
      message: `must not exceed CRM_RATE_MAX_DELAY_MS (${e.CRM_RATE_MIN_DELAY_MS} > ${e.CRM_RATE_MAX_DELAY_MS})`,
    },
  ];
}
