import { isWorkflowContract, type AnyContract } from './contract';
import * as workflows from './index';

/** Every workflow contract exported by ./index.ts: the single source for id kinds and status routes. */
export const WORKFLOW_CONTRACTS: readonly AnyContract[] = Object.values(workflows).filter(isWorkflowContract);

/** The id prefixes of this CRM's workflows: a status route looks up nothing else. */
export const WORKFLOW_KINDS: readonly string[] = WORKFLOW_CONTRACTS.map((c) => c.kind);

export function contractOfId(workflowId: string): AnyContract | undefined {
  return WORKFLOW_CONTRACTS.find((c) => workflowId.startsWith(`${c.kind}:`));
}
