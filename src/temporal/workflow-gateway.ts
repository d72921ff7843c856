import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { getProgressQuery, type ImportContactsInput } from '../workflows/definitions';
import { CrmAccountId, CrmWorkflowKind } from './search-attributes';
import { importContactsWorkflowId } from './workflow-ids';

/**
 * What the API needs from Temporal, behind an interface so route tests can use a fake.
 * Starting with an id that is already running returns that run (conflict policy USE_EXISTING).
 */

export interface StartedWorkflow {
  workflowId: string;
  runId: string;
  /** True when a run with this id had already finished: it is reported, not repeated. */
  existing: boolean;
}

export type WorkflowState =
  | { status: 'RUNNING'; progress: unknown }
  | { status: 'COMPLETED'; result: unknown }
  | { status: 'FAILED' | 'TERMINATED' | 'CANCELLED' | 'TIMED_OUT' | 'CONTINUED_AS_NEW'; error?: string };

export interface WorkflowGateway {
  startImportContacts(input: ImportContactsInput, requestKey: string): Promise<StartedWorkflow>;
  /** null when no workflow has that id. */
  describe(workflowId: string): Promise<WorkflowState | null>;
  /** Throws when Temporal does not answer. */
  ping(): Promise<void>;
}

export function createWorkflowGateway(client: Client, taskQueue: string): WorkflowGateway {
  return {
    async startImportContacts(input, requestKey) {
      const workflowId = importContactsWorkflowId(input.accountId, requestKey);
      return startOnce(client, workflowId, () =>
        client.workflow.start('importContacts', {
          taskQueue,
          workflowId,
          args: [input],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          typedSearchAttributes: [
            { key: CrmAccountId, value: input.accountId },
            { key: CrmWorkflowKind, value: 'importContacts' },
          ],
          staticSummary: `Import ${input.contacts.length} contacts`,
        }),
      );
    },

    async describe(workflowId) {
      const handle = client.workflow.getHandle(workflowId);
      try {
        return await stateOf(handle);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      }
    },

    async ping() {
      await client.connection.withDeadline(Date.now() + 3_000, () =>
        client.workflowService.getSystemInfo({}),
      );
    },
  };
}

/**
 * Starts a workflow unless its id was already used. A running one is joined (USE_EXISTING); a
 * finished one is reported instead of repeated, so retrying a request returns the same run.
 */
async function startOnce(
  client: Client,
  workflowId: string,
  start: () => Promise<WorkflowHandleWithFirstExecutionRunId>,
): Promise<StartedWorkflow> {
  try {
    // With USE_EXISTING a running duplicate is joined: the handle is that run's.
    const handle = await start();
    return { workflowId, runId: handle.firstExecutionRunId, existing: false };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const { runId } = await client.workflow.getHandle(workflowId).describe();
    return { workflowId, runId, existing: true };
  }
}

async function stateOf(handle: WorkflowHandle): Promise<WorkflowState> {
  const { status } = await handle.describe();
  switch (status.name) {
    case 'RUNNING':
      return { status: 'RUNNING', progress: await queryProgress(handle) };
    case 'COMPLETED':
      return { status: 'COMPLETED', result: await handle.result() };
    case 'FAILED':
      return { status: 'FAILED', error: await handle.result().then(() => undefined, (e: Error) => (e.cause instanceof Error ? e.cause.message : e.message)) };
    case 'TERMINATED':
    case 'CANCELLED':
    case 'TIMED_OUT':
    case 'CONTINUED_AS_NEW':
      return { status: status.name };
    default:
      return { status: 'FAILED', error: `unknown status ${status.name}` };
  }
}

/** A query needs a worker; when none answers, progress is simply unknown for now. */
async function queryProgress(handle: WorkflowHandle): Promise<unknown> {
  return handle.query(getProgressQuery).catch(() => null);
}
