import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import proto from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DispatchStep } from '../../src/activities/webhooks';
import { webhookDispatcherContract } from '../../src/contracts/catalogue';
import { outboxChangedSignal, webhookDispatcherProgressQuery } from '../../src/contracts/webhooks';
import { FIRST_PAGE } from '../../src/domain/webhook-dispatch';
import { webhookDispatcher } from '../../src/workflows/webhook-dispatcher';
import { recordHistory } from '../helpers/histories';
import { eventually } from '../helpers/outreach-stack';
import { startTestTemporal } from '../helpers/temporal';
import { startWebhookStack } from '../helpers/webhook-stack';

// A backlog's outbox pages start at FIRST_PAGE events (the first sends wait for that page's fan-out)
// and double while pages come back full, up to the input's page size, so a backlog costs a few steps
// and wakes instead of one per small page. Read from the steps' own results in the history (each
// step is a local activity, whose marker holds what it returned).

const { EventType } = proto.temporal.api.enums.v1;
const BACKLOG = 10 * FIRST_PAGE;

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

describe('webhookDispatcher pages', () => {
  it('reads a backlog in pages that start small and double up to the largest', async () => {
    const input = stack.inputs.dispatcher;
    assert.ok(input.pageSize >= 8 * FIRST_PAGE, `the largest page (${input.pageSize}) leaves room to grow`);
    const workflowId = webhookDispatcherContract.id(input);
    await env.client.workflow.signalWithStart(webhookDispatcher, {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId,
      args: [input],
      signal: outboxChangedSignal,
      signalArgs: [{ reason: 'test' }],
    });
    const handle = env.client.workflow.getHandle(workflowId);
    // The run is idle before the backlog is written, so the backlog is one wake's work.
    await eventually(
      () => handle.query(webhookDispatcherProgressQuery),
      (p) => p.steps > 0,
      'the dispatcher to take its first step',
    );
    const stepsBefore = (await handle.query(webhookDispatcherProgressQuery)).steps;
    await stack.emitMany(
      'contact.updated',
      Array.from({ length: BACKLOG }, (_, n) => ({ entityId: `c${n}`, payload: { n } })),
    );
    await eventually(
      () => handle.query(webhookDispatcherProgressQuery),
      (p) => p.events >= BACKLOG,
      'the backlog to be dispatched',
    );
    const pages = (await handle.fetchHistory())
      .events!.filter(
        (e) =>
          e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED &&
          e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
      )
      .slice(stepsBefore)
      .map((e) => {
        const result = e.markerRecordedEventAttributes!.details!.result!.payloads![0]!;
        return defaultPayloadConverter.fromPayload<DispatchStep>(result).events;
      })
      .filter((events) => events > 0);
    await recordHistory('webhook-dispatcher-pages', handle);
    // Ten first pages' worth: one, two, four, then the three left (a short page: caught up).
    assert.deepEqual(pages, [FIRST_PAGE, 2 * FIRST_PAGE, 4 * FIRST_PAGE, 3 * FIRST_PAGE]);
  });
});
