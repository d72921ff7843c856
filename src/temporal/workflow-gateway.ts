import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ImportContactsInput, RescoreContactsInput, SyncConversationsInput } from '../workflows/definitions';
import { CrmAccountId, CrmWorkflowKind } from './search-attributes';
import { importContactsWorkflowId, rescoreContactsWorkflowId, syncContactsWorkflowId, syncConversationsWorkflowId } from './workflow-ids';
import { startOnce, stateOf, type StartedWorkflow, type WorkflowState } from './workflow-state';

export type { StartedWorkflow, WorkflowState };

export type AwaitedResult = { done: true; result: unknown } | { done: true; error: string } | { done: false };

/** What the API needs from Temporal, behind an interface so route tests can use a fake. */
export interface WorkflowGateway {
  startImportContacts(input: ImportContactsInput, requestKey: string): Promise<StartedWorkflow>;
  /** Inbox sync: one per account; a second request joins the running one. */
  startSync(input: SyncConversationsInput): Promise<StartedWorkflow>;
  /** Sync of named contacts, keyed by a hash of the handles. */
  startContactSync(input: SyncConversationsInput, usernamesKey: string): Promise<StartedWorkflow>;
  /** Rescore every contact of the account; one at a time (a second request joins it). */
  startRescore(input: RescoreContactsInput): Promise<StartedWorkflow>;
  /** null when no workflow has that id. */
  describe(workflowId: string): Promise<WorkflowState | null>;
  /** Waits for the run (following continue-as-new) up to timeoutMs. */
  awaitResult(workflowId: string, runId: string, timeoutMs: number): Promise<AwaitedResult>;
  /** Throws when Temporal does not answer. */
  ping(): Promise<void>;
}

const attributes = (accountId: string, kind: string) => [
  { key: CrmAccountId, value: accountId },
  { key: CrmWorkflowKind, value: kind },
];

export function createWorkflowGateway(client: Client, taskQueue: string): WorkflowGateway {
  /** One run per id at a time: a start while it runs joins it; after it ends, a new run starts. */
  const startJoining = (workflowType: string, workflowId: string, input: { accountId: string }, summary: string) =>
    startOnce(client, workflowId, () =>
      client.workflow.start(workflowType, {
        taskQueue,
        workflowId,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        typedSearchAttributes: attributes(input.accountId, workflowType),
        staticSummary: summary,
      }),
    );
  const startSync = (workflowId: string, input: SyncConversationsInput, summary: string) =>
    startJoining('syncConversations', workflowId, input, summary);

  return {
    startImportContacts(input, requestKey) {
      const workflowId = importContactsWorkflowId(input.accountId, requestKey);
      return startOnce(client, workflowId, () =>
        client.workflow.start('importContacts', {
          taskQueue,
          workflowId,
          args: [input],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          typedSearchAttributes: attributes(input.accountId, 'importContacts'),
          staticSummary: `Import ${input.contacts.length} contacts`,
        }),
      );
    },

    startSync: (input) =>
      startSync(syncConversationsWorkflowId(input.accountId), input, `Inbox sync (${input.scope.kind === 'inbox' ? input.scope.tab : 'contacts'})`),

    startContactSync: (input, key) => startSync(syncContactsWorkflowId(input.accountId, key), input, 'Sync of named contacts'),

    startRescore: (input) => startJoining('rescoreContacts', rescoreContactsWorkflowId(input.accountId), input, `Rescore all contacts (${input.reason})`),

    async describe(workflowId) {
      try {
        return await stateOf(client.workflow.getHandle(workflowId));
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      }
    },

    async awaitResult(workflowId, runId, timeoutMs) {
      const handle = client.workflow.getHandle(workflowId, runId, { followRuns: true });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<{ done: false }>((resolve) => (timer = setTimeout(() => resolve({ done: false }), timeoutMs)));
      try {
        const outcome = handle.result().then(
          (result: unknown): AwaitedResult => ({ done: true, result }),
          (err: Error): AwaitedResult => ({ done: true, error: err.cause instanceof Error ? err.cause.message : err.message }),
        );
        return await Promise.race([outcome, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    async ping() {
      await client.connection.withDeadline(Date.now() + 3_000, () => client.workflowService.getSystemInfo({}));
    },
  };
}
