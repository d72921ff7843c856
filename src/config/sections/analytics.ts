import type { z } from 'zod';
import { duration } from '../fields';

/** Outreach results (GET /api/analytics/outreach): how long after a DM an answer still counts as its reply. */
export const analyticsEnv = {
  /** An inbound message within this long after a group's first DM to a contact counts as that contact replying. */
  CRM_REPLY_WINDOW: duration('7d').refine((ms) => ms >= 60_000, 'must be at least 1m'),
};

type AnalyticsEnv = z.infer<z.ZodObject<typeof analyticsEnv>>;

export function buildAnalytics(e: AnalyticsEnv) {
  return { analytics: { replyWindowMs: e.CRM_REPLY_WINDOW } };
}
