import type { z } from 'zod';
import type { AnyContract } from '../contracts/contract';
import { WorkflowAnswerInvalid } from './temporal-errors';
import type { WorkflowState } from './workflow-state';

/**
 * What Temporal hands back (a result, a progress query's answer) checked against the workflow's
 * contract before anyone reads it. On success the value is returned as it came, so the API's answer
 * is byte for byte what the workflow returned; on a mismatch, a coded WorkflowAnswerInvalid.
 */
export function checkedAnswer<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new WorkflowAnswerInvalid(
      what,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  return value as T;
}

/** A described run's progress and result, checked by its contract (a progress query that did not answer stays null). */
export function checkedState(contract: AnyContract, state: WorkflowState): WorkflowState {
  const name = contract.workflowType;
  if (state.status === 'RUNNING' && state.progress !== null)
    checkedAnswer(contract.progress, state.progress, `progress of ${name}`);
  if (state.status === 'COMPLETED') checkedAnswer(contract.result, state.result, `result of ${name}`);
  return state;
}
