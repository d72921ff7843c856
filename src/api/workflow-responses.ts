import type { Context } from 'hono';
import { temporalUiUrl } from '../temporal/workflow-ids';
import type { StartedWorkflow } from '../temporal/workflow-gateway';
import type { AnyContract } from '../contracts/contract';
import type { AppEnv } from './env';
import { ApiError } from './errors';

/** The two answers every workflow-backed route gives: "started, follow these links" and "its state". */

export function startedBody(c: Context<AppEnv>, started: StartedWorkflow, statusPath: string) {
  const { config } = c.get('shared');
  return {
    workflowId: started.workflowId,
    runId: started.runId,
    temporalUiUrl: temporalUiUrl(config.temporalUiUrl, config.temporalNamespace, started.workflowId, started.runId),
    statusUrl: `${statusPath}/${encodeURIComponent(started.workflowId)}`,
  };
}

/**
 * The state of one of our workflows. Ids that are not of the given contracts (the ones this route
 * starts) are not looked up at all: a status route is not a window onto the whole namespace.
 */
export async function workflowStateBody(
  c: Context<AppEnv>,
  workflowId: string,
  contracts: readonly AnyContract[],
  what: string,
) {
  const { config, workflows } = c.get('shared');
  const contract = contracts.find((candidate) => workflowId.startsWith(`${candidate.kind}:`));
  const state = contract ? await workflows.describe(workflowId, contract) : null;
  if (!state) throw new ApiError('NOT_FOUND', `No ${what} with that id`);
  return {
    workflowId,
    ...state,
    temporalUiUrl: temporalUiUrl(config.temporalUiUrl, config.temporalNamespace, workflowId),
  };
}
