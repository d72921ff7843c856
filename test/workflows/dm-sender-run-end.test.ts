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

describe('dmSender run end', () => {
  it('continues as new in the lull after a storm of signals, not during it', async () => {
    const accountId = 'storm';
    await stack.account(accountId);
    await stack.deps.accounts.setPause(accountId, { paused: true, until: null, reason: 'signals only' });
    const input = senderInput(stack.timing, accountId);
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

    // Signals until the first run's history is half again past its bound (below twice the bound,
    // where the run ends whatever comes), or until that run has ended (the old code: at the bound).
    const firstRun = env.client.workflow.getHandle(workflowId, first);
    let sent = 1;
    let stop = false;
    const lane = async () => {
      for (let n = 0; !stop; n++) {
        await signal();
        sent++;
        if (n % 20 !== 0) continue;
        const d = await firstRun.describe();
        if (d.status.name !== 'RUNNING' || d.historyLength >= 1.5 * MAX_HISTORY) stop = true;
        if (sent > 20 * MAX_HISTORY) throw new Error(`${sent} signals and the first run is still short`);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));

    const closed = await eventually(
      () => firstRun.describe(),
      (d) => d.status.name !== 'RUNNING',
      'the first run to end once the signals stop',
    );
    assert.equal(closed.status.name, 'CONTINUED_AS_NEW');
    const events = (await firstRun.fetchHistory()).events ?? [];
    const failedTasks = events
      .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
      .map((e) => WorkflowTaskFailedCause[e.workflowTaskFailedEventAttributes!.cause!]);
    assert.deepEqual(
      failedTasks.filter((c) => c === 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND'),
      [],
      `the continue-as-new raced a signal (failed tasks: ${failedTasks.join(', ')})`,
    );
    assert.ok(events.length > MAX_HISTORY, `the run ended at ${events.length} events, before its bound`);

    // No signal lost either way: every one is in the first run or the next.
    const signalled = async (runId: string) =>
      ((await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? []).filter(
        (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      ).length;
    const next = (await handle.describe()).runId;
    assert.notEqual(next, first);
    assert.equal((await signalled(first)) + (await signalled(next)), sent);
  });
});
