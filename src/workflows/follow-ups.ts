import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { FINAL_STATUSES, type OutreachStatus } from '../domain/outreach';
import { stopOfStep, type StopReason } from '../domain/follow-ups';
import { activityProxies } from './activity-proxies';
import { dmOutcomeSignal, type DmOutcome } from '../contracts/sender';
import {
  cancelFollowUpsSignal,
  followUpsProgressQuery,
  type FollowUpsInput,
  type FollowUpsProgress,
} from '../contracts/follow-ups';

const isFinal = (status: OutreachStatus) => FINAL_STATUSES.includes(status);
/** The signal is the way a step's outcome arrives; a re-read at most hourly (at the default) only covers a lost one. */
const RECHECK_BACKOFF_LIMIT = 60;

/**
 * A sent first DM's follow-ups: for each step, a durable timer until `after` the step before it was
 * sent, then the activity that checks the facts and queues the step through the ledger (or says why
 * the plan ends), then the wait for the sender to carry it — the outcome is signalled here, and
 * re-read every recheckMs should the signal be missed. A cancel signal ends the plan at any point.
 */
export async function followUps(input: FollowUpsInput): Promise<FollowUpsProgress> {
  const { db } = activityProxies(input.timing);
  const progress: FollowUpsProgress = { phase: 'waiting', step: 1, dueAt: null, itemId: null, stopped: null, sent: [] };
  let cancelled = false;
  const heard = new Map<string, DmOutcome>();
  setHandler(cancelFollowUpsSignal, () => void (cancelled = true));
  setHandler(dmOutcomeSignal, (o) => void heard.set(o.itemId, o));
  setHandler(followUpsProgressQuery, () => progress);
  const done = (stopped: StopReason) => Object.assign(progress, { phase: 'done', dueAt: null, stopped });

  const maxRecheckMs = input.recheckMs * RECHECK_BACKOFF_LIMIT;
  const plan = await db.followUpPlan(input.firstItemId);
  let previous = { itemId: input.firstItemId, sentAt: plan.sentAt };
  for (let step = 1; step <= plan.afterMs.length; step++) {
    if (previous.sentAt === null) return done('previous_not_sent');
    const dueMs = Date.parse(previous.sentAt) + plan.afterMs[step - 1]!;
    Object.assign(progress, { phase: 'waiting', step, dueAt: new Date(dueMs).toISOString(), itemId: null });
    if (dueMs > Date.now()) await condition(() => cancelled, dueMs - Date.now());
    if (cancelled) return done('cancelled');

    const workflowId = workflowInfo().workflowId;
    const { accountId, firstItemId } = input;
    const queued = await db.queueFollowUp({
      accountId,
      firstItemId,
      step,
      previousItemId: previous.itemId,
      workflowId,
    });
    if (queued.kind === 'stopped') return done(queued.reason);
    let outcome = queued.outcome;
    Object.assign(progress, { phase: 'sending', dueAt: null, itemId: outcome.itemId });
    let cancelAsked = false;
    // A step may wait in the queue for days (pacing, a pause): the re-reads back off to keep the history short.
    for (let recheckMs = input.recheckMs; !isFinal(outcome.status); recheckMs = Math.min(recheckMs * 2, maxRecheckMs)) {
      const id = outcome.itemId;
      await condition(() => (cancelled && !cancelAsked) || heard.has(id), recheckMs);
      // A step already going out cannot be called back: its outcome is still awaited, then the plan ends.
      if (cancelled && !cancelAsked)
        cancelAsked = await db.cancelFollowUpStep(id, 'follow-ups cancelled').then(() => true);
      outcome = heard.get(id) ?? (await db.outreachItemOutcome(id));
    }
    if (outcome.status === 'sent') progress.sent.push(outcome.itemId);
    if (cancelled) return done('cancelled');
    if (outcome.status !== 'sent') return done(stopOfStep(outcome.status, outcome.outcome));
    previous = { itemId: outcome.itemId, sentAt: outcome.sentAt };
  }
  return done('plan_done');
}
