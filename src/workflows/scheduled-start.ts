import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { ScheduledStartInput } from '../contracts/scheduled-start';

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
