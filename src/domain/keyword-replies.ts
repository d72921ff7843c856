/**
 * Which keyword messages an automation answers, and how. An automation never answers what was
 * written before it was on (no backfill). A message's time is when Instagram says it was sent, else
 * when the CRM first saw it; a message with no time that came in its thread's first read is history
 * of unknown age, so its reply waits for a person's approval instead of going out by itself.
 */

export interface KeywordMessage {
  sentAtMs: number | null;
  observedAtMs: number;
  /** Stored by the first read of its thread (with the thread's history). */
  firstRead: boolean;
}

export type ReplyDecision = 'before_automation' | 'send' | 'hold';

export function replyDecision(activeSinceMs: number, m: KeywordMessage): ReplyDecision {
  const atMs = m.sentAtMs ?? m.observedAtMs;
  if (atMs < activeSinceMs) return 'before_automation';
  return m.sentAtMs === null && m.firstRead ? 'hold' : 'send';
}

/** What came of a match, as automation.matched and the stats say it. */
export const MATCH_OUTCOMES = ['queued', 'held', 'already_replied', 'opted_out', 'not_composed'] as const;
export type MatchOutcome = (typeof MATCH_OUTCOMES)[number];

/** The ledger key that makes an automation's reply go to a contact once, however often they write the keyword. */
export const automationReplyKey = (automationId: string, contactId: string) =>
  `automation:${automationId}:${contactId}`;

/** The campaign its replies are filed under (the queue shows it; deleting the automation cancels the waiting ones). */
export const automationCampaign = (automationId: string) => `automation:${automationId}`;
