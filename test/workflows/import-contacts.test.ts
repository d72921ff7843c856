import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../src/activities';
import { DbError } from '../../src/adapters/db/db-errors';
import { toApplicationFailure } from '../../src/activities/failures';
import type { ContactFields } from '../../src/domain/contact-fields';
import { importProgressQuery } from '../../src/contracts/contacts';
import { importContacts, IMPORT_BATCH_SIZE } from '../../src/workflows/import-contacts';
import { recordHistory } from '../helpers/histories';
import { startTestTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

const contacts = (n: number): ContactFields[] => Array.from({ length: n }, (_, i) => ({ username: `user_${i}` }));

describe('importContacts workflow', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await startTestTemporal();
  });
  after(async () => {
    await env?.teardown();
  });

  async function run(workflowId: string, n: number, upsertContacts: Activities['upsertContacts']) {
    const taskQueue = uniqueTaskQueue('import');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: { upsertContacts },
    });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(importContacts, {
        taskQueue,
        workflowId,
        args: [{ version: 1, accountId: 'acct', contacts: contacts(n) }],
      });
      try {
        return { result: await handle.result(), progress: await handle.query(importProgressQuery), handle };
      } catch (err) {
        return { error: err as Error, handle };
      }
    });
  }

  it('writes in batches of IMPORT_BATCH_SIZE and sums the results', async () => {
    const batches: number[] = [];
    const { result, progress, handle } = await run('import-batches', 1200, async (_account, batch) => {
      batches.push(batch.length);
      return { created: batch.length - 1, updated: 1, unchanged: 0 };
    });
    assert.deepEqual(batches, [IMPORT_BATCH_SIZE, IMPORT_BATCH_SIZE, 1200 - 2 * IMPORT_BATCH_SIZE]);
    assert.deepEqual(result, { total: 1200, processed: 1200, created: 1197, updated: 3, unchanged: 0 });
    assert.deepEqual(progress, result, 'the progress query reports the same figures');
    await recordHistory('import-contacts-batches', handle);
  });

  it('retries a batch after a retryable database failure', async () => {
    let calls = 0;
    const { result, handle } = await run('import-retry', 3, async () => {
      calls += 1;
      if (calls === 1) throw toApplicationFailure(new DbError('DB_UNAVAILABLE', 'data API down', true));
      return { created: 3, updated: 0, unchanged: 0 };
    });
    assert.equal(calls, 2);
    assert.equal(result?.created, 3);
    await recordHistory('import-contacts-retry', handle);
  });

  it('fails without retrying when the database rejects the data', async () => {
    let calls = 0;
    const { error } = await run('import-invalid', 3, async () => {
      calls += 1;
      throw toApplicationFailure(new DbError('DB_INVALID', 'bad stage', false));
    });
    assert.equal(calls, 1);
    assert.ok(error instanceof WorkflowFailedError);
    assert.equal((error.cause?.cause as { type?: string } | undefined)?.type, 'DB_INVALID');
  });
});
