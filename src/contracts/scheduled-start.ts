import type { WorkflowContract } from './contract';

/** The input of scheduledStart (src/workflows/scheduled-start.ts), the workflow every Schedule starts. */

/** The workflow type of scheduledStart. */
export const SCHEDULED_START_TYPE = 'scheduledStart';

export interface ScheduledStartInput {
  /** The workflow to run, by type name (a child start inside a workflow cannot carry the function). */
  workflowType: string;
  /** Its one-at-a-time business id, the same the API uses. */
  workflowId: string;
  args: unknown[];
}

/** What a Schedule passes to scheduledStart for one contract's workflow, under its business id. */
export function scheduledStartInput<I extends object, R, P>(
  contract: WorkflowContract<I, R, P>,
  input: I,
): ScheduledStartInput {
  return { workflowType: contract.workflowType, workflowId: contract.id(input), args: [input] };
}
