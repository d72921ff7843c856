import type { Intent } from './intents';
import {
  IN_FLIGHT_STATUSES,
  OUTREACH_TRANSITIONS,
  PENDING_STATUSES,
  type OutreachStatus,
} from './outreach-transitions';
import { ACTION_LANES } from './types';
import { videoTemplateFor } from './video-outreach-templates';

/**
 * Results you can compare (issue 24 §3): what each figure of GET /api/analytics/outreach means.
 * The database counts (crm_outreach_results); the meanings are decided here and passed to it, and
 * the figures derived from the counts (reply rate, median) are computed here.
 */

export const RESULT_GROUPS = ['campaign', 'template', 'video', 'lane', 'step', 'day'] as const;
export type ResultGroup = (typeof RESULT_GROUPS)[number];

/** Which DMs each count holds: waiting or going out now; sent; failed (skipped, cancelled and unknown count in none). */
export const RESULT_STATUSES: Readonly<Record<'queued' | 'sent' | 'failed', readonly OutreachStatus[]>> = {
  queued: [...PENDING_STATUSES, ...IN_FLIGHT_STATUSES],
  sent: [OUTREACH_TRANSITIONS.settleSent.to],
  failed: [OUTREACH_TRANSITIONS.settleFailed.to],
};

/** The intent a reply shows interest with (issue 23's labels). */
export const INTEREST: Intent = 'interested';

/** A video DM stores its lane's template id as its template label (`video:friendship`): label → lane. */
export const LANE_BY_TEMPLATE: Readonly<Record<string, string>> = Object.fromEntries(
  ACTION_LANES.map((lane) => [videoTemplateFor(lane).id, lane]),
);

/** One group's counts as the database gives them. */
export interface GroupCounts {
  group: string | null;
  queued: number;
  sent: number;
  failed: number;
  /** Contacts with at least one sent DM of the group. */
  reached: number;
  /** Per reached contact who replied within the window: minutes from the group's first DM to them to their first reply. */
  replyMinutes: number[];
  interested: number;
  optedOut: number;
}

export interface ResultRow {
  group: string | null;
  queued: number;
  sent: number;
  failed: number;
  reached: number;
  replied: number;
  /** replied / reached, 0..1 (4 decimals); null when the group reached nobody. */
  replyRate: number | null;
  /** null when nobody replied. */
  medianMinutesToReply: number | null;
  optedOut: number;
  interested: number;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** A group's row: counts kept, rate and median derived. */
export function resultRow(c: GroupCounts): ResultRow {
  const replied = c.replyMinutes.length;
  const mid = median(c.replyMinutes);
  return {
    group: c.group,
    queued: c.queued,
    sent: c.sent,
    failed: c.failed,
    reached: c.reached,
    replied,
    replyRate: c.reached === 0 ? null : round(replied / c.reached, 4),
    medianMinutesToReply: mid === null ? null : round(mid, 1),
    optedOut: c.optedOut,
    interested: c.interested,
  };
}

/** Rows in group order (days and steps ascending, names alphabetical), the group without a value last. */
export function resultRows(counts: readonly GroupCounts[]): ResultRow[] {
  return counts
    .map(resultRow)
    .sort((a, b) =>
      a.group === b.group ? 0 : a.group === null ? 1 : b.group === null ? -1 : a.group < b.group ? -1 : 1,
    );
}
