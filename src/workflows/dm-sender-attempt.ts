import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import {
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  sleep,
} from '@temporalio/workflow';
import { FINAL_STATUSES } from '../domain/outreach-transitions';
import { sendAction } from '../domain/send-outcomes';
import type { Activities } from '../activities';
import { dmOutcomeSignal, type SenderTiming } from '../contracts/sender';

/**
 * One send attempt of the account's sender, under the Safari host's turn: send once, and when the
 * answer does not prove the outcome, read the thread before deciding — sent, back to the queue, or
 * needs review (never resent automatically). Then settle the item, which stores the message and
 * writes its events, and tell a waiting DM workflow.
 */

type Settled = Awaited<ReturnType<Activities['settleOutreachItem']>>;
type Settlement = Parameters<Activities['settleOutreachItem']>[2];

/** What the sender must do after an attempt, beyond the item itself. */
export interface AttemptEffect {
  settled: Settled;
  /** Pause the account: Instagram or the server said slow down. */
  pause: boolean;
  /** No session / unreachable server: back off. */
  session: boolean;
  /** The server's own active hours are closed for this long. */
  serverClosedMs: number | null;
  /** Anything could have gone out (counts for the gap before the next send). */
  mayHaveSent: boolean;
}

const retry = (p: SenderTiming['db']) => ({
  initialInterval: p.initialMs,
  maximumInterval: p.maxMs,
  backoffCoefficient: 2,
  maximumAttempts: p.attempts,
});

export function senderActivities(t: SenderTiming) {
  return {
    /**
     * Database steps as local activities: each is one short request, safe to repeat (reads, or moves
     * guarded by the attempt's token), so they run inside the sender's own workflow task instead of
     * a round trip through the task queue — about half the time and half the history per DM.
     */
    db: proxyLocalActivities<Activities>({ startToCloseTimeout: '1 minute', retry: retry(t.db) }),
    /** Thread reads: retried while Safari answers in a way worth retrying. */
    read: proxyActivities<Activities>({
      startToCloseTimeout: '15 minutes',
      heartbeatTimeout: t.heartbeatTimeoutMs,
      retry: retry(t.safari),
    }),
    /** The send itself: exactly one attempt, ever. A DM cannot be unsent. */
    send: proxyActivities<Activities>({
      startToCloseTimeout: t.sendTimeoutMs,
      heartbeatTimeout: t.heartbeatTimeoutMs,
      retry: { maximumAttempts: 1 },
    }),
  };
}
type SenderActivities = ReturnType<typeof senderActivities>;

const failureType = (err: unknown) =>
  err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type : null;

export async function attemptSend(
  a: SenderActivities,
  t: SenderTiming,
  accountId: string,
  itemId: string,
  token: string,
): Promise<AttemptEffect> {
  const settle = async (s: Settlement, extra: Partial<AttemptEffect> = {}): Promise<AttemptEffect> => {
    const settled = await a.db.settleOutreachItem(itemId, token, s);
    return { settled, pause: false, session: false, serverClosedMs: null, mayHaveSent: false, ...extra };
  };
  const startedAtMs = Date.now();
  let code: string;
  let message: string;
  let answered = false;
  let serverClosedMs: number | null = null;
  try {
    const sent = await a.send.sendOutreachItem(accountId, itemId, token);
    ({ code, message } = sent);
    answered = sent.httpStatus !== null;
    serverClosedMs = sent.serverClosedMs;
  } catch (err) {
    if (failureType(err) === 'NOT_SENT')
      return settle({
        to: 'queued',
        outcome: 'NOT_SENT',
        error: String((err as Error).cause ?? err),
        softFailure: false,
      });
    // A timeout or a lost worker: the request may have left and the DM gone out.
    code = 'OUTCOME_UNKNOWN';
    message = `the send activity did not finish: ${String((err as Error).cause ?? err)}`;
  }
  switch (sendAction(code, answered)) {
    case 'sent':
      return settle({ to: 'sent', outcome: 'OK' }, { mayHaveSent: true });
    case 'pause':
      return settle({ to: 'queued', outcome: code, error: message, softFailure: false }, { pause: true });
    case 'server_window':
      return settle({ to: 'queued', outcome: code, error: message, softFailure: false }, { serverClosedMs });
    case 'session':
      return settle({ to: 'queued', outcome: code, error: message, softFailure: false }, { session: true });
    case 'fail':
      return settle({ to: 'failed', outcome: code, error: message });
    case 'verify':
      return verifyThenSettle(a, t, accountId, itemId, token, code, message, answered ? null : startedAtMs);
    case 'review':
      // It went out: never resent, and not stored as this handle's message.
      return settle({ to: 'needs_review', outcome: code, error: message }, { mayHaveSent: true });
  }
}

/** Before this, an unanswered send found absent went straight back to the queue (and could land twice). */
const LATE_LANDING_PATCH = 'late-landing-second-read';
/** For sender inputs recorded before lateLandingMs was part of them. */
export const DEFAULT_LATE_LANDING_MS = 600_000;

/**
 * Reads the thread after an answer that proves nothing, and settles by what it shows. A send that
 * got no answer (`unansweredSinceMs`: when it began) may still be typing at the server: the first
 * read waits a quiet period, and a DM not found then is looked for once more when lateLandingMs has
 * passed since the send began — only absent twice does it go back to the queue. The host's turn is
 * held meanwhile: the browser may still be busy with our send.
 */
export async function verifyThenSettle(
  a: SenderActivities,
  t: SenderTiming,
  accountId: string,
  itemId: string,
  token: string,
  code: string,
  message: string,
  unansweredSinceMs: number | null,
): Promise<AttemptEffect> {
  const unanswered = unansweredSinceMs !== null && patched(LATE_LANDING_PATCH);
  // The server may still be typing when our request gave up on it: let it finish before looking.
  if (code === 'OUTCOME_UNKNOWN' || unanswered) await sleep(t.quietMs);
  let read = await readBack(a, accountId, itemId, token);
  let outcome = `${code}, then found in the thread`;
  let absence = 'not in the thread';
  if (read.delivery === 'absent' && unanswered) {
    const lateMs = t.lateLandingMs ?? DEFAULT_LATE_LANDING_MS;
    const waitMs = unansweredSinceMs + lateMs - Date.now();
    if (waitMs > 0) await sleep(waitMs);
    read = await readBack(a, accountId, itemId, token);
    outcome = `${code}, then found in the thread ${Math.round((Date.now() - unansweredSinceMs) / 1000)} s after the send began (it landed late)`;
    absence = `not in the thread at the first read, nor ${Math.round(lateMs / 1000)} s after the send began`;
  }
  const base = { pause: false, session: false, serverClosedMs: null, mayHaveSent: true };
  const settle = async (s: Settlement) => ({ ...base, settled: await a.db.settleOutreachItem(itemId, token, s) });
  if (read.delivery === 'sent') return settle({ to: 'sent', outcome });
  if (read.delivery === 'unsure')
    return settle({ to: 'needs_review', outcome: code, error: `${message}; ${read.detail}` });
  return settle({
    to: 'queued',
    outcome: code,
    error: `${message}; ${absence}`,
    softFailure: true,
    maxSoftRetries: t.maxSoftRetries,
  });
}

/** One look at the thread; a read that fails for good is 'unsure', never 'absent'. */
async function readBack(
  a: SenderActivities,
  accountId: string,
  itemId: string,
  token: string,
): Promise<{ delivery: 'sent' | 'absent' | 'unsure'; detail: string }> {
  try {
    return await a.read.verifyOutreachItem(accountId, itemId, token);
  } catch (err) {
    return { delivery: 'unsure', detail: `the thread could not be read: ${String((err as Error).cause ?? err)}` };
  }
}

/** Tells the DM workflow waiting on an item how it ended (it re-reads the item should this be lost). */
export async function notifyWaiting(settled: {
  notifyWorkflowId: string | null;
  itemId: string;
  status: Settled['status'];
  outcome: string | null;
  error: string | null;
  sentAt: string | null;
}) {
  if (!settled.notifyWorkflowId || !FINAL_STATUSES.includes(settled.status)) return;
  const { itemId, status, outcome, error, sentAt } = settled;
  await getExternalWorkflowHandle(settled.notifyWorkflowId)
    .signal(dmOutcomeSignal, { itemId, status, outcome, error, sentAt })
    .catch((err: unknown) => log.info('the DM workflow waiting for this item is gone', { itemId, error: String(err) }));
}
