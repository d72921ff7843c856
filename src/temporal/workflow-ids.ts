/**
 * Workflow ids are built from business keys, so a repeated request finds the run it already
 * started instead of starting a second one. Ids hold account ids and hashes, never handles.
 */

export const WORKFLOW_ID_PATTERN = /^[a-z][a-z-]*:[A-Za-z0-9._:-]{1,200}$/;

export function importContactsWorkflowId(accountId: string, requestKey: string): string {
  return `import-contacts:${accountId}:${requestKey}`;
}

/** One inbox sync per account at a time: every start for the account uses this id. */
export function syncConversationsWorkflowId(accountId: string): string {
  return `sync-conversations:${accountId}`;
}

/** A sync of named contacts; the key is a hash of the sorted handles (ids carry no handles). */
export function syncContactsWorkflowId(accountId: string, usernamesKey: string): string {
  return `sync-contacts:${accountId}:${usernamesKey}`;
}

export const syncScheduleId = (accountId: string) => `sync-schedule:${accountId}`;

/** One account-wide rescore at a time; the schedule and the API share the id. */
export const rescoreContactsWorkflowId = (accountId: string) => `rescore-contacts:${accountId}`;
export const rescoreScheduleId = (accountId: string) => `rescore-schedule:${accountId}`;

export function temporalUiUrl(uiBase: string, namespace: string, workflowId: string, runId?: string): string {
  const wf = `${uiBase}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${wf}/${encodeURIComponent(runId)}/history` : wf;
}
