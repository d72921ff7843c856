import {
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
  type SignalDefinition,
  type UpdateDefinition,
} from '@temporalio/client';
import type { AnyContract, IdPolicy, WorkflowContract } from '../contracts/contract';
import { CrmAccountId, CrmWorkflowKind } from './search-attributes';
import { isTemporalOutage, orUnavailable, TEMPORAL_CALL_DEADLINE_MS, TemporalUnavailable } from './temporal-errors';
import { checkedAnswer, checkedState } from './workflow-answers';
import { startOnce, stateOf, type StartedWorkflow, type WorkflowState } from './workflow-state';

export type { StartedWorkflow, WorkflowState };

/** A run's outcome: its result (of the contract's result type), its failure, or not done yet. */
export type AwaitedResult<R = unknown> = { done: true; result: R } | { done: true; error: string } | { done: false };

/** What the API needs from Temporal, behind an interface so route tests can use a fake. */
export interface WorkflowGateway {
  /** Starts the contract's workflow under its business id, or joins (or reports) the run holding that id. */
  start<I extends object, R, P>(contract: WorkflowContract<I, R, P>, input: I, key?: string): Promise<StartedWorkflow>;
  /** Signals an entity workflow, starting it first if no run is open (signal-with-start). Our signals take one argument. */
  signalWithStart<I extends object, R, P, S>(
    contract: WorkflowContract<I, R, P>,
    input: I,
    signal: SignalDefinition<[S]>,
    arg: S,
    key?: string,
  ): Promise<StartedWorkflow>;
  /** Signals the open run with that id (one argument); false when none is open. */
  signal<S>(workflowId: string, signal: SignalDefinition<[S]>, arg: S): Promise<boolean>;
  /** Runs an update (one argument) on an open workflow and returns its result. */
  executeUpdate<Ret, U>(workflowId: string, update: UpdateDefinition<Ret, [U]>, arg: U): Promise<Ret>;
  /** null when no workflow has that id. Given the run's contract, its progress or result is checked by it. */
  describe(workflowId: string, contract?: AnyContract): Promise<WorkflowState | null>;
  /** The contract's progress query on the open run; null when none runs or it does not answer. Checked by the contract. */
  progress<I extends object, R, P>(contract: WorkflowContract<I, R, P>, workflowId: string): Promise<P | null>;
  /** Waits for the run (following continue-as-new) up to timeoutMs; its result is checked by the contract. */
  awaitResult<I extends object, R, P>(
    contract: WorkflowContract<I, R, P>,
    workflowId: string,
    runId: string,
    timeoutMs: number,
  ): Promise<AwaitedResult<R>>;
  /** Throws when Temporal does not answer. */
  ping(): Promise<void>;
}

/** What actually failed: a workflow failure wraps an activity failure that wraps the activity's own error. */
function rootCause(err: Error): Error {
  let e = err;
  while (e.cause instanceof Error) e = e.cause;
  return e;
}

/** The account a workflow acts for; infrastructure workflows (a Safari host) have none. */
const accountOf = (input: object): string | undefined => {
  const id = (input as { accountId?: unknown }).accountId;
  return typeof id === 'string' ? id : undefined;
};

const REUSE: Record<IdPolicy, WorkflowIdReusePolicy> = {
  join: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  once: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
};

/** `deadlineMs`: how long one call a request waits on may take, retries included (TEMPORAL_TIMEOUT_MS). */
export function createWorkflowGateway(
  client: Client,
  taskQueue: string,
  deadlineMs = TEMPORAL_CALL_DEADLINE_MS,
): WorkflowGateway {
  const options = <I extends object>(
    contract: WorkflowContract<I, unknown, unknown>,
    input: I,
    workflowId: string,
  ) => ({
    taskQueue,
    workflowId,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: REUSE[contract.policy],
    typedSearchAttributes: [
      ...(accountOf(input) ? [{ key: CrmAccountId, value: accountOf(input)! }] : []),
      { key: CrmWorkflowKind, value: contract.workflowType },
    ],
    staticSummary: contract.summary(input),
  });

  // Calls a request waits on: bounded, and an outage is TEMPORAL_UNAVAILABLE (see temporal-errors.ts).
  const bounded = <T>(operation: string, call: () => Promise<T>) =>
    orUnavailable(operation, () => client.connection.withDeadline(Date.now() + deadlineMs, call));

  async function describe(workflowId: string, contract?: AnyContract): Promise<WorkflowState | null> {
    try {
      const state = await bounded('describe a workflow', () => stateOf(client.workflow.getHandle(workflowId)));
      return contract ? checkedState(contract, state) : state;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  return {
    start(contract, input, key) {
      const workflowId = contract.id(input, key);
      return bounded('start a workflow', () =>
        startOnce(client, workflowId, () =>
          client.workflow.start(contract.workflowType, { ...options(contract, input, workflowId), args: [input] }),
        ),
      );
    },

    async signalWithStart(contract, input, signal, arg, key) {
      const workflowId = contract.id(input, key);
      const handle = await bounded('signal a workflow', () =>
        client.workflow.signalWithStart(contract.workflowType, {
          ...options(contract, input, workflowId),
          args: [input],
          signal,
          signalArgs: [arg],
        }),
      );
      return { workflowId, runId: handle.signaledRunId };
    },

    async signal(workflowId, signal, arg) {
      try {
        await bounded('signal a workflow', () => client.workflow.getHandle(workflowId).signal(signal, arg));
        return true;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    },

    // An update waits for the workflow to act (a send may take a while): no deadline, outages still coded.
    executeUpdate: (workflowId, update, arg) =>
      orUnavailable('update a workflow', () =>
        client.workflow.getHandle(workflowId).executeUpdate(update, { args: [arg] }),
      ),

    describe,

    async progress(contract, workflowId) {
      const state = await describe(workflowId);
      if (state?.status !== 'RUNNING' || state.progress === null) return null;
      return checkedAnswer(contract.progress, state.progress, `progress of ${contract.workflowType}`);
    },

    async awaitResult<I extends object, R, P>(
      contract: WorkflowContract<I, R, P>,
      workflowId: string,
      runId: string,
      timeoutMs: number,
    ) {
      const handle = client.workflow.getHandle(workflowId, runId, { followRuns: true });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<{ done: false }>(
        (resolve) => (timer = setTimeout(() => resolve({ done: false }), timeoutMs)),
      );
      try {
        const outcome = handle.result().then(
          (result: unknown): AwaitedResult<R> => ({
            done: true,
            result: checkedAnswer(contract.result, result, `result of ${contract.workflowType}`),
          }),
          (err: Error): AwaitedResult<R> => {
            // Temporal going away while we wait is not the workflow failing.
            if (isTemporalOutage(err)) throw new TemporalUnavailable('wait for a workflow', err);
            return { done: true, error: rootCause(err).message };
          },
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
