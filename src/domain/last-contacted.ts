/**
 * When we last wrote to a contact, for the video outreach cooldown. A message of ours that
 * Instagram shows a time for counts at that time; an outreach item at when it was sent (else
 * queued). A message of ours with no time counts only when a later read of its thread found it:
 * it was written since the read before, so when it was stored is its latest possible time. One in
 * a thread's first read is history of unknown age — counting it as written "now" made a first sync
 * put everyone we ever wrote to in the cooldown — so it does not count.
 */

export interface ContactedFacts {
  /** The newest of our messages that carry Instagram's time. */
  outboundSentAt: string | null;
  /** The newest store of our untimed messages by a thread's first read (its history). */
  untimedFirstReadAt: string | null;
  /** The newest store of our untimed messages by a later read of their thread. */
  untimedLaterReadAt: string | null;
  /** The newest outreach item that wrote (or is about to write) to them: sent, else created. */
  outreachAt: string | null;
}

/** The latest of the times that count, as an ISO instant, or null when none does. */
export function lastContactedAt(f: ContactedFacts): string | null {
  const counted = [f.outboundSentAt, f.untimedLaterReadAt, f.outreachAt]
    .filter((t): t is string => t !== null)
    .map((t) => ({ t, ms: Date.parse(t) }))
    .filter(({ ms }) => !Number.isNaN(ms));
  if (counted.length === 0) return null;
  return counted.reduce((a, b) => (b.ms > a.ms ? b : a)).t;
}
