import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { FINAL_STATUSES, type OutreachStatus } from '../domain/outreach';
import { activityProxies } from './activity-proxies';
import {
  sendDmProgressQuery,
  dmOutcomeSignal,
  type DmOutcome,
  type SendDmInput,
  type SendDmProgress,
} from '../contracts/sender';

const isFinal = (status: OutreachStatus | null) => status !== null && FINAL_STATUSES.includes(status);

/**
 * "Send video X to @user" (the design's first flow): compose the DM (contact, MediaPoster video,
 * template), queue it as a direct item, and wait while the account's sender carries it — paced like
 * every other DM, never sent twice. The sender stores the message, rescores the contact and writes
 * message.sent or message.failed, then signals the outcome here.
 */
export async function sendDmWithContent(input: SendDmInput): Promise<SendDmProgress> {
  const { db } = activityProxies(input.timing);
  const progress: SendDmProgress = {
    phase: 'preparing',
    itemId: null,
    status: null,
    outcome: null,
    error: null,
    sentAt: null,
  };
  let signalled: DmOutcome | null = null;
  setHandler(dmOutcomeSignal, (o) => void (signalled = o));
  setHandler(sendDmProgressQuery, () => progress);

  const queued = await db.prepareDirectDm(input, workflowInfo().workflowId);
  Object.assign(progress, { phase: 'queued', ...queued });
  if (!isFinal(queued.status)) {
    await db.wakeSender(input.accountId, 'direct DM');
    while (!isFinal(progress.status)) {
      const heard = await condition(() => signalled?.itemId === queued.itemId, input.recheckMs);
      Object.assign(progress, heard && signalled ? signalled : await db.outreachItemOutcome(queued.itemId));
    }
  }
  progress.phase = 'done';
  return progress;
}
