import { OUTREACH_TRANSITIONS } from './outreach-transitions';

/**
 * What the sender does with each answer to a send (Safari outcome codes, see
 * adapters/safari/outcomes.ts). A DM cannot be unsent, so whatever could have delivered it is
 * checked by reading the thread before anything is sent again; only answers that prove nothing
 * left (a refusal before the browser was touched) put the item straight back in the queue.
 */

export type SendAction =
  /** Delivered. */
  | 'sent'
  /** Instagram or the server said slow down: pause the account, the item goes back to the queue. */
  | 'pause'
  /** The Safari server's own active hours are closed: wait for them, the item goes back to the queue. */
  | 'server_window'
  /** No logged-in session, or the server could not be reached: retry later with backoff. */
  | 'session'
  /** The handle or the request is wrong: the same send would fail the same way. */
  | 'fail'
  /** It may have gone out: read the thread before deciding. */
  | 'verify'
  /** It went out, but not provably to the handle it was written for, nor provably once: held for a person. */
  | 'review';

/** The code of a send the server made without checking its recipient (recipientDoubt). */
export const UNVERIFIED_RECIPIENT = 'UNVERIFIED_RECIPIENT' as const;

/**
 * Earlier items of a contact that put its next DMs in doubt (send-rules.ts, recipientInDoubt): settled
 * for review (the sender's only way to settle a 'review' action) with that code.
 */
export const RECIPIENT_DOUBT = {
  statuses: [OUTREACH_TRANSITIONS.settleUnknown.to],
  outcomes: [UNVERIFIED_RECIPIENT],
} as const;

/**
 * Why a successful send's answer does not show it reached the handle it was written for, or null.
 * The later server says how it sent: only its profile strategy opens the handle's own profile and
 * checks the recipient (verified). Its fallbacks click an inbox row showing the handle's text, which
 * anyone can show as their display name, or start a new conversation; and they run after a profile
 * attempt that may already have sent (its defect B2). The design's server says nothing of the kind:
 * its answers are taken as they always were.
 */
export function recipientDoubt(answer: { strategy?: string; verified?: boolean }): string | null {
  if (answer.strategy === undefined && answer.verified === undefined) return null;
  if (answer.strategy === 'profile' && answer.verified === true) return null;
  return `sent by the server's ${answer.strategy ?? 'unnamed'} strategy, recipient ${answer.verified ? 'checked' : 'not checked'}: it may have reached someone showing this handle as their name, or gone out twice`;
}

/** `answered`: the server sent an HTTP answer (a refused connection never reached it). */
export function sendAction(code: string, answered: boolean): SendAction {
  switch (code) {
    case 'OK':
      return 'sent';
    case UNVERIFIED_RECIPIENT:
      return 'review';
    case 'RATE_LIMITED':
      return 'pause';
    case 'OUTSIDE_HOURS':
      return 'server_window';
    case 'SESSION_MISSING':
      return 'session';
    case 'NOT_FOUND':
    case 'INVALID':
      return 'fail';
    case 'SERVER_ERROR':
      // A 500 comes from the server's own exception, which may have happened after it pressed Enter.
      return answered ? 'verify' : 'session';
    default:
      // SOFT_FAILURE (HEAD falls back to a second strategy after an unverified first send) and
      // OUTCOME_UNKNOWN (a timeout, a lost worker, a malformed answer).
      return 'verify';
  }
}

/** Backoff for a missing session: initial, doubling per consecutive failure, capped. */
export function sessionRetryMs(failures: number, initialMs: number, maxMs: number): number {
  return Math.min(initialMs * 2 ** Math.max(failures - 1, 0), maxMs);
}
