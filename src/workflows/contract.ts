import type { QueryDefinition } from '@temporalio/workflow';

/**
 * Everything the rest of the system needs to know about one workflow, declared once beside the
 * workflow function: how its business id is built, what a second start with that id does, what its
 * progress query returns and how it reads in the Temporal UI. The gateway, the status routes, the
 * worker's schedules and the tests all work from these contracts, so adding a workflow is its own
 * file plus one export line in ./index.ts.
 */

/** What a start with an id already in use does. */
export type IdPolicy =
  /** A start while a run is open joins it; once it has ended, a new run starts (syncs, rescores, entity workflows). */
  | 'join'
  /** A start while a run is open joins it; a completed run is reported, never repeated; a failed one may run again. */
  | 'once';

/** Inputs carry the account they act for; only infrastructure workflows (a Safari host) have none. */
export interface WorkflowContract<I extends object, R, P> {
  /** The workflow function: starts are typed by it, and its name is the workflow type. */
  workflow: (input: I) => Promise<R>;
  /** Prefix of this contract's business ids (`kind:account:…`); the status routes accept only known kinds. */
  kind: string;
  policy: IdPolicy;
  /** The business id: account first, then whatever identifies the work (a key computed by the caller). */
  id: (input: I, key?: string) => string;
  /** The workflow's one progress query, typed. Every workflow answers it under the name `getProgress`. */
  progressQuery: QueryDefinition<P>;
  /** One line for the Temporal UI (≤ 200 bytes). */
  summary: (input: I) => string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyContract = WorkflowContract<any, any, any>;

export function defineWorkflow<I extends object, R, P>(c: WorkflowContract<I, R, P>): WorkflowContract<I, R, P> {
  return c;
}

export function isWorkflowContract(value: unknown): value is AnyContract {
  const c = value as Partial<AnyContract> | null;
  return typeof c === 'object' && c !== null && typeof c.workflow === 'function' && typeof c.kind === 'string' && typeof c.id === 'function';
}

/** The progress query's name; each workflow defines its own typed handle for it. */
export const PROGRESS_QUERY_NAME = 'getProgress';
