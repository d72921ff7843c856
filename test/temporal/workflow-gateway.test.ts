import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../src/activities';
import { defineQuery } from '@temporalio/workflow';
import { z } from 'zod';
import { PROGRESS_QUERY_NAME } from '../../src/contracts/contract';
import { WorkflowAnswerInvalid } from '../../src/temporal/temporal-errors';
import { createWorkflowGateway, type WorkflowGateway } from '../../src/temporal/workflow-gateway';
import type { ImportContactsInput } from '../../src/contracts/contacts';
import { importContactsContract } from '../../src/contracts/catalogue';
import { startTestTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

// The gateway against a real Temporal server: waiting for a result (done, still running, failed),
// and a start under a business id joining the run that holds it, then reporting it once finished.

let env: TestWorkflowEnvironment;
let gateway: WorkflowGateway;
let worker: Worker;
let running: Promise<void>;
/** A gate slow imports wait at: shut it before starting one, open it to let it finish (before or after it arrives). */
let release: () => void = () => {};
let gate: Promise<void> = Promise.resolve();
const shut = () => (gate = new Promise<void>((r) => (release = r)));

const input = (accountId: string, usernames: string[]): ImportContactsInput => ({
  version: 1,
  accountId,
  contacts: usernames.map((username) => ({ username })),
});

before(async () => {
  env = await startTestTemporal();
  const taskQueue = uniqueTaskQueue('gateway');
  gateway = createWorkflowGateway(env.client, taskQueue);
  const upsertContacts: Activities['upsertContacts'] = async (accountId, contacts) => {
    if (accountId === 'fails') throw ApplicationFailure.nonRetryable('the data was refused', 'DB_INVALID');
    if (accountId === 'slow') await gate;
    return { created: contacts.length, updated: 0, unchanged: 0 };
  };
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: { upsertContacts },
  });
  running = worker.run();
});
after(async () => {
  release();
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('workflow gateway on a real Temporal', () => {
  it('awaitResult: the result of a finished run, "not yet" for a running one, the failure of a failed one', async () => {
    const done = await gateway.start(importContactsContract, input('ok', ['a', 'b']), 'k-ok');
    assert.deepEqual(await gateway.awaitResult(importContactsContract, done.workflowId, done.runId, 30_000), {
      done: true,
      result: { total: 2, processed: 2, created: 2, updated: 0, unchanged: 0 },
    });

    void shut();
    const slow = await gateway.start(importContactsContract, input('slow', ['c']), 'k-slow');
    assert.deepEqual(await gateway.awaitResult(importContactsContract, slow.workflowId, slow.runId, 300), {
      done: false,
    });
    release();
    assert.equal((await gateway.awaitResult(importContactsContract, slow.workflowId, slow.runId, 30_000)).done, true);

    const failed = await gateway.start(importContactsContract, input('fails', ['d']), 'k-fails');
    const outcome = await gateway.awaitResult(importContactsContract, failed.workflowId, failed.runId, 30_000);
    // The root cause, not the wrapper ("Activity task failed") it arrives in.
    assert.ok(
      outcome.done && 'error' in outcome && /the data was refused/.test(outcome.error),
      JSON.stringify(outcome),
    );
  });

  it('a second start with the same business id joins the running run, and reports it once finished', async () => {
    void shut();
    const first = await gateway.start(importContactsContract, input('slow', ['e']), 'k-join');
    const joined = await gateway.start(importContactsContract, input('slow', ['e']), 'k-join');
    assert.equal(joined.runId, first.runId);
    release();
    await gateway.awaitResult(importContactsContract, first.workflowId, first.runId, 30_000);
    const reported = await gateway.start(importContactsContract, input('slow', ['e']), 'k-join');
    assert.equal(reported.runId, first.runId, 'finished: reported, not repeated');
    assert.equal((await gateway.describe(first.workflowId))?.status, 'COMPLETED');
  });
  it('checks a result against the contract: a shape it does not describe is a coded WorkflowAnswerInvalid, not a value', async () => {
    const done = await gateway.start(importContactsContract, input('ok', ['f']), 'k-checked');
    const strict = { ...importContactsContract, result: z.looseObject({ total: z.string() }) };
    await assert.rejects(
      gateway.awaitResult(strict, done.workflowId, done.runId, 30_000),
      (err) =>
        err instanceof WorkflowAnswerInvalid && err.code === 'WORKFLOW_ANSWER_INVALID' && /total/.test(err.message),
    );
    const outcome = await gateway.awaitResult(importContactsContract, done.workflowId, done.runId, 30_000);
    assert.deepEqual(outcome, { done: true, result: { total: 1, processed: 1, created: 1, updated: 0, unchanged: 0 } });
  });

  it('progress: what the open run reports, checked by the contract; null once no run is open', async () => {
    void shut();
    const slow = await gateway.start(importContactsContract, input('slow', ['g', 'h']), 'k-progress');
    let progress = await gateway.progress(importContactsContract, slow.workflowId);
    for (let i = 0; progress === null && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      progress = await gateway.progress(importContactsContract, slow.workflowId);
    }
    assert.equal(progress?.total, 2);
    const strict = {
      ...importContactsContract,
      progressQuery: defineQuery<{ total: string }>(PROGRESS_QUERY_NAME),
      progress: z.looseObject({ total: z.string() }),
    };
    await assert.rejects(gateway.progress(strict, slow.workflowId), WorkflowAnswerInvalid);
    release();
    await gateway.awaitResult(importContactsContract, slow.workflowId, slow.runId, 30_000);
    assert.equal(await gateway.progress(importContactsContract, slow.workflowId), null);
  });
});
