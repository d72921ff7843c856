import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { StopReason } from '../domain/follow-ups';
import { PROGRESS_QUERY_NAME } from './contract';
import type { WorkflowTiming } from './timing';

/**
 * The contract of a campaign item's follow-ups (followUps): one run per first DM with a plan, which
 * is one per campaign and contact (the first DM's ledger key), started once that DM was sent.
 */

export interface FollowUpsInput {
  version: 1;
  accountId: string;
  /** The step-0 item: its follow_ups are the plan. */
  firstItemId: string;
  timing: WorkflowTiming;
  /** Should a step's outcome signal be missed (the step cancelled by hand), the step is re-read this often. */
  recheckMs: number;
}

export interface FollowUpsProgress {
  /** waiting: for a step's time; sending: its item is queued, waiting for the sender; done: nothing more will go. */
  phase: 'waiting' | 'sending' | 'done';
  /** The step waited for or being sent (1..3); on done, the last one reached. */
  step: number;
  dueAt: string | null;
  itemId: string | null;
  /** Why the plan ended (plan_done: every step was sent). */
  stopped: StopReason | null;
  /** Items of the steps sent so far, in order. */
  sent: string[];
}

export const followUpsProgressQuery = defineQuery<FollowUpsProgress>(PROGRESS_QUERY_NAME);

/** The remaining steps are not wanted (DELETE of a sent first DM): the run ends at once, nothing more is queued. */
export const cancelFollowUpsSignal = defineSignal<[{ reason: string }]>('cancelFollowUps');

export const followUpsWorkflowId = (accountId: string, firstItemId: string) => `follow-ups:${accountId}:${firstItemId}`;
