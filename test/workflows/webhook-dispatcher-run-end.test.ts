import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import proto from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { webhookDispatcherContract } from '../../src/contracts/catalogue';
import { outboxChangedSignal } from '../../src/contracts/webhooks';
import { webhookDispatcher } from '../../src/workflows/webhook-dispatcher';
import { eventually } from '../helpers/outreach-stack';
import { startTestTemporal } from '../helpers/temporal';
import { startWebhookStack } from '../helpers/webhook-stack';

// The webhook dispatcher under a steady stream of wake signals: a full run ends before its next step,
// in a task that does nothing else. Ended after a step, the task also ran the step's data-API calls,
// a window a wake signal could land in (failing the task, whose retry replays the whole run: on a
// loaded machine, again and again). What is checked is the shape of the ending task, which does not
// depend on timing: between its start and the continue-as-new, no step (no local activity marker).

const { EventType } = proto.temporal.api.enums.v1;
const MAX_HISTORY = 60;

let env: TestWorkflowEnvironment;
let stack: Awaited<ReturnType<typeof startWebhookStack>>;

before(async () => {
  env = await startTestTemporal();
  stack = await startWebhookStack(env);
});
after(async () => {
  await stack?.stop();
  await env?.teardown();
});

describe('webhookDispatcher run end', () => {
  it('continues as new before its next step, in a task that runs no step', async () => {
    const input = { ...stack.inputs.dispatcher, maxHistory: MAX_HISTORY };
    const workflowId = webhookDispatcherContract.id(input);
    const wake = () =>
      env.client.workflow.signalWithStart(webhookDispatcher, {
        taskQueue: stack.config.temporal.taskQueue,
        workflowId,
        args: [input],
        signal: outboxChangedSignal,
        signalArgs: [{ reason: 'test' }],
      });
    const first = (await wake()).signaledRunId;
    const firstRun = env.client.workflow.getHandle(workflowId, first);
    // Wakes a little apart, as a process's waker sends them, with an event now and then to dispatch.
    let n = 0;
    await eventually(
      async () => {
        if (n++ % 5 === 0) await stack.emit('contact.updated', `c${n}`, { n });
        await wake();
        await new Promise((r) => setTimeout(r, 20));
        return (await firstRun.describe()).status.name;
      },
      (status) => status !== 'RUNNING',
      'the first run to end',
    );
    assert.equal((await firstRun.describe()).status.name, 'CONTINUED_AS_NEW');

    const events = (await firstRun.fetchHistory()).events ?? [];
    const end = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    const lastTaskStart = events.findLastIndex(
      (e, i) => i < end && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    );
    const inEndingTask = events.slice(lastTaskStart, end).map((e) => EventType[e.eventType!]);
    assert.ok(
      !inEndingTask.includes('EVENT_TYPE_MARKER_RECORDED'),
      `the ending task ran a step: ${inEndingTask.join(', ')}`,
    );
    assert.ok(events.length > MAX_HISTORY, `ended at ${events.length} events, before its bound`);
    // The next run steps at once, so nothing waits for a wake.
    const steps = events.filter((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED).length;
    assert.ok(steps > 0, 'the first run dispatched');
  });
});
