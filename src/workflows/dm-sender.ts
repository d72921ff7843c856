import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { drawGapMs } from '../domain/pacing';
import { sessionRetryMs } from '../domain/send-outcomes';
import { decideSender, senderView, situationOf, type SenderDecision } from '../domain/sender-view';
import {
  attemptSend,
  DEFAULT_LATE_LANDING_MS,
  notifyWaiting,
  senderActivities,
  verifyThenSettle,
  type AttemptEffect,
} from './dm-sender-attempt';
import { safariTurns } from './safari-turn';
import { processRequests } from './dm-sender-requests';
import { DEFAULT_LULL_MS, runEnd } from './run-end';
import {
  senderProgressQuery,
  queueChangedSignal,
  settingsChangedSignal,
  type DmSenderInput,
  type SenderCarry,
  type SenderProgress,
} from '../contracts/sender';

/**
 * The one sender of an account (id `dm-sender:{account}`), and the only caller of Safari's send
 * route for it. Each step reads the account's pacing and queue from the database (so a restart
 * loses nothing and caps are counted from recorded sends), decides with the domain's rules, and
 * either waits on a durable timer — saying why, by query — or sends the next item under the Safari
 * host's turn. Its own state is a few numbers; message bodies stay in the database.
 */
export async function dmSender(input: DmSenderInput): Promise<void> {
  const t = input.timing;
  const a = senderActivities(t);
  const turns = safariTurns((accountId, request) => a.db.requestSafariTurn(accountId, request));
  const carry: SenderCarry = input.carry ?? {
    gapMs: -1,
    sessionFailures: 0,
    retryAtMs: null,
    serverClosedUntilMs: null,
    sent: 0,
  };
  const requests = processRequests();
  let queueChanged = false;
  let settingsChanged = false;
  let sentThisRun = 0;
  let attempts = 0;
  let progress: SenderProgress | null = null;
  // Past maxHistory the run ends at the next lull in signals; twice that, whatever comes (run-end.ts).
  const ending = runEnd(t.lullMs ?? DEFAULT_LULL_MS, 2 * t.maxHistory);
  setHandler(queueChangedSignal, () => {
    ending.heard();
    queueChanged = true;
  });
  // A person changed the account (or resumed it): our guesses about Safari (its session, its own
  // hours) may be stale too, so the next step asks Safari again instead of waiting them out.
  const forgetGuesses = () => Object.assign(carry, { retryAtMs: null, serverClosedUntilMs: null });
  setHandler(settingsChangedSignal, () => {
    ending.heard();
    settingsChanged = true;
    forgetGuesses();
  });
  setHandler(senderProgressQuery, () => progress ?? idle(input.accountId));
  const historyFull = () => workflowInfo().historyLength > t.maxHistory || workflowInfo().continueAsNewSuggested;
  const maxHoldMs = t.sendTimeoutMs + t.quietMs + (t.lateLandingMs ?? DEFAULT_LATE_LANDING_MS) + 10 * 60_000;

  let failures = 0;
  for (;;) {
    if (!requests.any() && (sentThisRun >= t.sendsPerRun || historyFull()) && (await ending.lull(requests.any))) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof dmSender>({ ...input, carry });
    }
    try {
      await step();
      failures = 0;
    } catch (err) {
      // An entity must outlive a failing step (a database answer it cannot read, say): it says so,
      // backs off and tries again; an item left 'sending' is checked by the next step.
      if (!(err instanceof ActivityFailure || err instanceof ApplicationFailure)) throw err;
      const message = String(err.cause?.message ?? err.message);
      log.error('a sender step failed; retrying', { accountId: input.accountId, failures: ++failures, error: message });
      progress = {
        ...(progress ?? idle(input.accountId)),
        state: 'waiting',
        explanation: `a step failed (${message}); retrying`,
      };
      await sleep(sessionRetryMs(failures, t.sessionRetry.initialMs, t.sessionRetry.maxMs));
    }
  }

  async function step(): Promise<void> {
    queueChanged = settingsChanged = false;
    const state = await a.db.loadSenderState(input.accountId);
    // A gap drawn under older settings is drawn again within the current ones (a PATCH applies at once).
    if (carry.gapMs < state.pacing.minGapMs || carry.gapMs > Math.max(state.pacing.maxGapMs, state.pacing.minGapMs)) {
      carry.gapMs = drawGapMs(state.pacing, Math.random());
    }
    const stuck = state.snapshot.inFlight[0];
    if (stuck !== undefined)
      return turns.withTurn(input.accountId, 'send', maxHoldMs, () => recover(stuck.id, stuck.token));
    const situation = situationOf(state, carry, Date.now());
    const decision = decideSender(situation);
    progress = senderView(input.accountId, state, situation, decision, carry);
    if (!decision.send) {
      requests.blocked(decision, progress);
      return waitForChange(decision);
    }
    progress = { ...progress, state: 'sending' };
    // Only requests made before this attempt began are answered with it; later ones get the next decision.
    const asked = requests.asked();
    const effect = await turns.withTurn(input.accountId, 'send', maxHoldMs, () => sendUnderTurn());
    if (effect) await afterAttempt(effect, asked);
  }

  /**
   * With the host's turn held, which may have taken a while (a sync's batch): decide again with
   * fresh state (the window may have closed, the account been paused), then check the item's rules,
   * reserve it and send. null: nothing was attempted.
   */
  async function sendUnderTurn(): Promise<AttemptEffect | null> {
    const token = `${workflowInfo().originalExecutionRunId}:${attempts++}`;
    const { gapMs, retryAtMs, serverClosedUntilMs } = carry;
    const prepared = await a.db.prepareNextSend(input.accountId, { gapMs, retryAtMs, serverClosedUntilMs }, token);
    if (prepared.action === 'skip' && prepared.notify)
      await notifyWaiting({ ...prepared.notify, notifyWorkflowId: prepared.notify.workflowId });
    if (prepared.action !== 'send') return null;
    return attemptSend(a, t, input.accountId, prepared.itemId, token);
  }

  async function afterAttempt(effect: AttemptEffect, asked: ReturnType<typeof requests.asked>): Promise<void> {
    const s = effect.settled;
    if (effect.mayHaveSent) carry.gapMs = -1; // a new gap is drawn with the next state
    if (s.status === 'sent') {
      sentThisRun++;
      carry.sent++;
    }
    carry.sessionFailures = effect.session ? carry.sessionFailures + 1 : 0;
    carry.retryAtMs = effect.session
      ? Date.now() + sessionRetryMs(carry.sessionFailures, t.sessionRetry.initialMs, t.sessionRetry.maxMs)
      : null;
    if (effect.serverClosedMs !== null) carry.serverClosedUntilMs = Date.now() + effect.serverClosedMs;
    if (effect.pause)
      await a.db.pauseAccount(
        input.accountId,
        `action blocked or rate limited (${s.outcome ?? 'RATE_LIMITED'}): ${s.error ?? ''}`,
      );
    await notifyWaiting(s);
    requests.attempted(asked, { itemId: s.itemId, status: s.status, outcome: s.outcome, error: s.error }, effect.pause);
  }

  /** An item left 'sending' by an interrupted run: find out from the thread what happened. */
  async function recover(itemId: string, token: string | null): Promise<void> {
    // The schema forbids it; should it ever happen, the step fails visibly and backs off.
    if (token === null)
      throw ApplicationFailure.nonRetryable(`item ${itemId} is 'sending' without a reservation`, 'RESERVATION_LOST');
    // Nobody knows when its send began: the late-landing window counts from now, to be safe.
    const effect = await verifyThenSettle(
      a,
      t,
      input.accountId,
      itemId,
      token,
      'INTERRUPTED',
      'the attempt was interrupted before it was recorded',
      Date.now(),
    );
    await afterAttempt(effect, []);
  }

  /** Sleeps until the decision's time, or until something that could change it happens. */
  async function waitForChange(d: Extract<SenderDecision, { send: false }>): Promise<void> {
    const queueMatters = d.blockedBy === 'empty' || d.blockedBy === 'awaiting_approval';
    const woken = () => settingsChanged || requests.any() || (queueMatters && queueChanged);
    while (!woken()) {
      const remaining = d.nextSendAtMs === null ? undefined : d.nextSendAtMs - Date.now();
      if (remaining !== undefined && remaining <= 0) return;
      const early = await condition(() => woken() || historyFull(), remaining);
      if (!early || historyFull()) return;
    }
  }
}

const idle = (accountId: string): SenderProgress => ({
  accountId,
  state: 'idle',
  blockedBy: null,
  nextSendAt: null,
  explanation: 'starting',
  sentLastHour: 0,
  sentLastDay: 0,
  perHour: 0,
  dayCap: 0,
  queue: {},
  lastSendAt: null,
  sent: 0,
});
