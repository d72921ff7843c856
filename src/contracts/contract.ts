import type { QueryDefinition } from '@temporalio/workflow';
import type { z } from 'zod';

/**
 * src/contracts is the one leaf module every side of a workflow shares: the workflows, the
 * activities that start or signal them, the gateway (src/temporal) and the API. It imports only
 * src/domain, zod and @temporalio/workflow's define* helpers (safe in worker and client alike), so
 * nothing imports back into it and no import cycle can pass through it. Workflows import only the
 * zod-free files (a file per area: types, signals, queries); ./catalogue.ts holds the contracts
 * themselves, with the zod schemas of what each workflow answers, for the client side.
 */

/** What a start with an id already in use does. */
export type IdPolicy =
  /** A start while a run is open joins it; once it has ended, a new run starts (syncs, rescores, entity workflows). */
  | 'join'
  /** A start while a run is open joins it; a completed run is reported, never repeated; a failed one may run again. */
  | 'once';

/**
 * Everything the rest of the system needs to know about one workflow: its type, how its business id
 * is built, what a second start with that id does, what it returns and what its progress query
 * answers (both checked when read back), and how it reads in the Temporal UI.
 */
export interface WorkflowContract<I extends object, R, P> {
  /** The workflow function's name: the workflow type the worker registers. */
  workflowType: string;
  /** Prefix of this contract's business ids (`kind:account:…`); the status routes accept only known kinds. */
  kind: string;
  policy: IdPolicy;
  /** The business id: account first, then whatever identifies the work (a key computed by the caller). */
  id: (input: I, key?: string) => string;
  /** The workflow's one progress query, typed. Every workflow answers it under the name `getProgress`. */
  progressQuery: QueryDefinition<P>;
  /** What a finished run returns; the gateway checks a result against it before anyone reads it. */
  result: z.ZodType<R>;
  /** What the progress query answers. */
  progress: z.ZodType<P>;
  /** One line for the Temporal UI (≤ 200 bytes). */
  summary: (input: I) => string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyContract = WorkflowContract<any, any, any>;

/** The input, result and progress a contract's workflow takes and answers. */
export type InputOf<C> = C extends { id: (input: infer I, key?: string) => string } ? I : never;
export type ResultOf<C> = C extends { result: z.ZodType<infer R> } ? R : never;
export type ProgressOf<C> = C extends { progressQuery: QueryDefinition<infer P> } ? P : never;

export function defineWorkflow<I extends object, R, P>(c: WorkflowContract<I, R, P>): WorkflowContract<I, R, P> {
  return c;
}

export function isWorkflowContract(value: unknown): value is AnyContract {
  const c = value as Partial<AnyContract> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.workflowType === 'string' &&
    typeof c.kind === 'string' &&
    typeof c.id === 'function'
  );
}

/** The progress query's name; each workflow's contract has its own typed handle for it. */
export const PROGRESS_QUERY_NAME = 'getProgress';
