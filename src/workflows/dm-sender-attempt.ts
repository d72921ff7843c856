import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { getExternalWorkflowHandle, log, proxyActivities, proxyLocalActivities, sleep } from '@temporalio/workflow';
import { sendAction } from '../domain/send-outcomes';
import type { Activities } from '../activities';
import { dmOutcomeSignal, type SenderTiming } from './sender-definitions';

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

const retry = (p: SenderTiming['db']) => ({ initialInterval: p.initialMs, maximumInterval: p.maxMs, backoffCoefficient: 2, maximumAttempts: p.attempts });

export function senderActivities(t: SenderTiming) {
  return {
    /**
     * Database steps as local activities: each is one short request, safe to repeat (reads, or moves
     * guarded by the attempt's token), so they run inside the sender's own workflow task instead of
     * a round trip through the task queue — about half the time and half the history per DM.
     */
    db: proxyLocalActivities<Activities>({ startToCloseTimeout: '1 minute', retry: retry(t.db) }),
    /** Thread reads: retried while Safari answers in a way worth retrying. */
    read: proxyActivities<Activities>({ startToCloseTimeout: '15 minutes', heartbeatTimeout: t.heartbeatTimeoutMs, retry: retry(t.safari) }),
    /** The send itself: exactly one attempt, ever. A DM cannot be unsent. */
    send: proxyActivities<Activities>({ startToCloseTimeout: t.sendTimeoutMs, heartbeatTimeout: t.heartbeatTimeoutMs, retry: { maximumAttempts: 1 } }),
  };
}
type SenderActivities = ReturnType<typeof senderActivities>;

const failureType = (err: unknown) => (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type : null);

export async function attemptSend(a: SenderActivities, t: SenderTiming, accountId: string, itemId: string, token: string): Promise<AttemptEffect> {
  const settle = async (s: Settlement, extra: Partial<AttemptEffect> = {}): Promise<AttemptEffect> => {
    const settled = await a.db.settleOutreachItem(itemId, token, s);
    return { settled, pause: false, session: false, serverClosedMs: null, mayHaveSent: false, ...extra };
  };
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
    if (failureType(err) === 'NOT_SENT') return settle({ to: 'queued', outcome: 'NOT_SENT', error: String((err as Error).cause ?? err), softFailure: false });
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
      return verifyThenSettle(a, t, accountId, itemId, token, code, message);
  }
}

/** Reads the thread after an answer that proves nothing, and settles by what it shows. */
export async function verifyThenSettle(
  a: SenderActivities, t: SenderTiming, accountId: string, itemId: string, token: string, code: string, message: string,
): Promise<AttemptEffect> {
  // The server may still be typing when our request gave up on it: let it finish before looking.
  if (code === 'OUTCOME_UNKNOWN') await sleep(t.quietMs);
  let delivery: 'sent' | 'absent' | 'unsure';
  let detail: string;
  try {
    ({ delivery, detail } = await a.read.verifyOutreachItem(accountId, itemId, token));
  } catch (err) {
    delivery = 'unsure';
    detail = `the thread could not be read: ${String((err as Error).cause ?? err)}`;
  }
  const base = { pause: false, session: false, serverClosedMs: null, mayHaveSent: true };
  const settle = async (s: Settlement) => ({ ...base, settled: await a.db.settleOutreachItem(itemId, token, s) });
  if (delivery === 'sent') return settle({ to: 'sent', outcome: `${code}, then found in the thread` });
  if (delivery === 'unsure') return settle({ to: 'needs_review', outcome: code, error: `${message}; ${detail}` });
  return settle({ to: 'queued', outcome: code, error: `${message}; not in the thread`, softFailure: true, maxSoftRetries: t.maxSoftRetries });
}

/** Tells the DM workflow waiting on an item how it ended (it re-reads the item should this be lost). */
export async function notifyWaiting(settled: { notifyWorkflowId: string | null; itemId: string; status: Settled['status']; outcome: string | null; error: string | null; sentAt: string | null }) {
  if (!settled.notifyWorkflowId || settled.status === 'queued' || settled.status === 'sending') return;
  const { itemId, status, outcome, error, sentAt } = settled;
  await getExternalWorkflowHandle(settled.notifyWorkflowId)
    .signal(dmOutcomeSignal, { itemId, status, outcome, error, sentAt })
    .catch((err: unknown) => log.info('the DM workflow waiting for this item is gone', { itemId, error: String(err) }));
}
