import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { defineQuery } from '@temporalio/workflow';
import { PROGRESS_QUERY_NAME } from '../contracts/contract';

/** Any of our workflows' progress, untyped: the generic status routes pass it through as it is. */
const anyProgressQuery = defineQuery<unknown>(PROGRESS_QUERY_NAME);

/** Helpers the gateway uses to start workflows once and to report their state. */

export interface StartedWorkflow {
  workflowId: string;
  runId: string;
}

export type WorkflowState =
  | { status: 'RUNNING'; progress: unknown }
  | { status: 'COMPLETED'; result: unknown }
  | { status: 'FAILED' | 'TERMINATED' | 'CANCELLED' | 'TIMED_OUT' | 'CONTINUED_AS_NEW'; error?: string };

/**
 * Starts a workflow unless its id was already used. A running one is joined (USE_EXISTING); a
 * finished one is reported instead of repeated when the reuse policy rejects the id.
 */
export async function startOnce(
  client: Client,
  workflowId: string,
  start: () => Promise<WorkflowHandleWithFirstExecutionRunId>,
): Promise<StartedWorkflow> {
  try {
    const handle = await start();
    return { workflowId, runId: handle.firstExecutionRunId };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const { runId } = await client.workflow.getHandle(workflowId).describe();
    return { workflowId, runId };
  }
}

export async function stateOf(handle: WorkflowHandle): Promise<WorkflowState> {
  const { status } = await handle.describe();
  switch (status.name) {
    case 'RUNNING':
      return { status: 'RUNNING', progress: await handle.query(anyProgressQuery).catch(() => null) };
    case 'COMPLETED':
      return { status: 'COMPLETED', result: await handle.result() };
    case 'FAILED':
      return { status: 'FAILED', error: await failureMessage(handle) };
    case 'TERMINATED':
    case 'CANCELLED':
    case 'TIMED_OUT':
    case 'CONTINUED_AS_NEW':
      return { status: status.name };
    default:
      return { status: 'FAILED', error: `unknown status ${status.name}` };
  }
}

async function failureMessage(handle: WorkflowHandle): Promise<string | undefined> {
  return handle.result().then(
    () => undefined,
    (e: Error) => (e.cause instanceof Error ? e.cause.message : e.message),
  );
}
