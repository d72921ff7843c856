import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { CrmAccountId, CrmWorkflowKind } from './search-attributes';
import { orUnavailable, TEMPORAL_CALL_DEADLINE_MS } from './temporal-errors';

/**
 * Recent runs of this CRM's workflows, from Temporal's visibility store (the search attributes our
 * starts set), for GET /api/workflows. Reads only; an outage is TEMPORAL_UNAVAILABLE.
 */

export interface WorkflowRun {
  workflowId: string;
  runId: string;
  /** The workflow type (the CrmWorkflowKind search attribute). */
  kind: string;
  accountId: string | null;
  status: string;
  startedAt: string;
  closedAt: string | null;
}

export interface WorkflowRunQuery {
  /** Workflow types to list (at least one). */
  kinds: readonly string[];
  accountId?: string;
  limit: number;
}

export interface WorkflowRunLister {
  list(query: WorkflowRunQuery): Promise<WorkflowRun[]>;
}

/** Names and ids here come from our own validated enums and account ids, quoted for the query language anyway. */
const quoted = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function visibilityQuery(q: WorkflowRunQuery): string {
  const kinds = `${CrmWorkflowKind.name} IN (${q.kinds.map(quoted).join(', ')})`;
  return q.accountId === undefined ? kinds : `${kinds} AND ${CrmAccountId.name} = ${quoted(q.accountId)}`;
}

function toRun(info: WorkflowExecutionInfo): WorkflowRun {
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    kind: info.typedSearchAttributes.get(CrmWorkflowKind) ?? info.type,
    accountId: info.typedSearchAttributes.get(CrmAccountId) ?? null,
    status: info.status.name,
    startedAt: info.startTime.toISOString(),
    closedAt: info.closeTime ? info.closeTime.toISOString() : null,
  };
}

export function createWorkflowRunLister(client: Client, deadlineMs = TEMPORAL_CALL_DEADLINE_MS): WorkflowRunLister {
  return {
    list: (q) =>
      orUnavailable('list workflows', () =>
        client.connection.withDeadline(Date.now() + deadlineMs, async () => {
          const runs: WorkflowRun[] = [];
          for await (const info of client.workflow.list({
            query: visibilityQuery(q),
            pageSize: Math.min(q.limit, 100),
          })) {
            runs.push(toRun(info));
            if (runs.length >= q.limit) break;
          }
          // Newest start first, whatever order the visibility store keeps.
          return runs.sort(
            (a, b) => b.startedAt.localeCompare(a.startedAt) || a.workflowId.localeCompare(b.workflowId),
          );
        }),
      ),
  };
}
