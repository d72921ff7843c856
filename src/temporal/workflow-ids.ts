/** Where a workflow run is shown in the Temporal UI (its ids come from src/contracts). */
export function temporalUiUrl(uiBase: string, namespace: string, workflowId: string, runId?: string): string {
  const wf = `${uiBase}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${wf}/${encodeURIComponent(runId)}/history` : wf;
}
