import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import proto from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dmSender } from '../../src/workflows/dm-sender';
import { queueChangedSignal, senderProgressQuery } from '../../src/contracts/sender';
import { senderInput } from '../../src/temporal/workflow-inputs';
import { eventually, startOutreachStack } from '../helpers/outreach-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// A sender whose history passes its bound while signals keep coming must not continue as new in the
// middle of them: a signal landing during that task fails it (UnhandledCommand), and the server then
// refuses every signal until a replay of the whole run completes (seconds for callers). It ends the
// run in the lull after the storm instead, with every signal of the storm still in that run.

const { EventType, WorkflowTaskFailedCause } = proto.temporal.api.enums.v1;
const MAX_HISTORY = 300;
const LANES = 2;

let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Awaited<ReturnType<typeof startOutreachStack>>;

before(async () => {
  [env, sim] = await Promise.all([startTestTemporal(), startSimulator({ conversations: 1 })]);
  // A lull of 1 s: two lanes of back-to-back signals never pause that long.
  stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    timing: { maxHistory: MAX_HISTORY, lullMs: 1_000 },
  });
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

/** A paused sender for `accountId`, its run ids, and a storm of signals from LANES callers at once. */
async function pausedSender(accountId: string, lullMs?: number) {
  await stack.account(accountId);
  await stack.deps.accounts.setPause(accountId, { paused: true, until: null, reason: 'signals only' });
  const base = senderInput(stack.timing, accountId);
  const input = lullMs === undefined ? base : { ...base, timing: { ...base.timing, lullMs } };
  const workflowId = stack.senderId(accountId);
  const signal = () =>
    env.client.workflow.signalWithStart(dmSender, {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [input],
      signal: queueChangedSignal,
      signalArgs: [{ reason: 'storm' }],
    });
  const first = (await signal()).signaledRunId;
  const handle = env.client.workflow.getHandle(workflowId);
  await eventually(
    () => handle.query(senderProgressQuery),
    (p) => p.blockedBy === 'paused',
    'the sender to see the pause',
  );
  const firstRun = env.client.workflow.getHandle(workflowId, first);
  let sent = 1;
  /** Signals until `enough` holds of the first run (looked at every 20 signals a lane) or it has ended. */
  const storm = async (enough: (historyLength: number) => boolean) => {
    let stop = false;
    const lane = async () => {
      for (let n = 0; !stop; n++) {
        await signal();
        sent++;
        if (n % 20 !== 0) continue;
        const d = await firstRun.describe();
        if (d.status.name !== 'RUNNING' || enough(d.historyLength)) stop = true;
        if (sent > 20 * MAX_HISTORY) throw new Error(`${sent} signals and the first run is still short`);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
  };
  /** The first run once it has ended, with its history. */
  const ended = async () => {
    const closed = await eventually(
      () => firstRun.describe(),
      (d) => d.status.name !== 'RUNNING',
      'the first run to end',
    );
    return { closed, events: (await firstRun.fetchHistory()).events ?? [] };
  };
  /** Every signal sent is in the first run or the next: none lost either way. */
  const assertNoneLost = async () => {
    const signalled = async (runId: string) =>
      ((await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? []).filter(
        (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      ).length;
    const next = (await handle.describe()).runId;
    assert.notEqual(next, first);
    assert.equal((await signalled(first)) + (await signalled(next)), sent);
  };
  return { storm, ended, assertNoneLost };
}

describe('dmSender run end', () => {
  it('continues as new in the lull after a storm of signals, not during it', async () => {
    const sender = await pausedSender('storm');
    // Until the first run's history is half again past its bound (below twice the bound, where the
    // run ends whatever comes), or until that run has ended (the old code: at the bound).
    await sender.storm((length) => length >= 1.5 * MAX_HISTORY);

    const { closed, events } = await sender.ended();
    assert.equal(closed.status.name, 'CONTINUED_AS_NEW');
    const failedTasks = events
      .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
      .map((e) => WorkflowTaskFailedCause[e.workflowTaskFailedEventAttributes!.cause!]);
    assert.deepEqual(
      failedTasks.filter((c) => c === 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND'),
      [],
      `the continue-as-new raced a signal (failed tasks: ${failedTasks.join(', ')})`,
    );
    assert.ok(events.length > MAX_HISTORY, `the run ended at ${events.length} events, before its bound`);
    await sender.assertNoneLost();
  });

  it('still ends at twice its bound in a storm that never pauses', async () => {
    // A lull longer than the test: the run can end only at the hard bound.
    const sender = await pausedSender('endless', 600_000);
    await sender.storm(() => false);

    const { closed, events } = await sender.ended();
    assert.equal(closed.status.name, 'CONTINUED_AS_NEW');
    assert.ok(events.length >= 2 * MAX_HISTORY, `ended at ${events.length} events, before twice its bound`);
    // Signals that land while the closing task is in flight add to it; a run that never ended would
    // have thrown in the storm (its bound on signals).
    assert.ok(events.length < 3 * MAX_HISTORY, `ended at ${events.length} events, far past twice its bound`);
    await sender.assertNoneLost();
  });
});
