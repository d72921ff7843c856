import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { WorkflowContract } from './contract';

export interface ScheduledStartInput {
  /** The workflow to run, by type name (a child start inside a workflow cannot carry the function). */
  workflowType: string;
  /** Its one-at-a-time business id, the same the API uses. */
  workflowId: string;
  args: unknown[];
}

/**
 * What a Schedule starts. A Schedule appends a timestamp to its workflow ids, so it cannot hold a
 * one-at-a-time business id itself; this starts the real workflow under that id instead, and steps
 * aside when one (from the API or an earlier tick) is still running.
 */
export async function scheduledStart(input: ScheduledStartInput): Promise<'started' | 'already-running'> {
  try {
    await startChild(input.workflowType, {
      workflowId: input.workflowId,
      args: input.args,
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-running';
    throw err;
  }
}

/** What a Schedule passes to scheduledStart for one contract's workflow, under its business id. */
export function scheduledStartInput<I extends object, R, P>(contract: WorkflowContract<I, R, P>, input: I): ScheduledStartInput {
  return { workflowType: contract.workflow.name, workflowId: contract.id(input), args: [input] };
}
