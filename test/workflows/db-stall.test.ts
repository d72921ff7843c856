import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createActivityDeps } from '../../src/activity-deps';
import { createSupabase } from '../../src/adapters/db/supabase';
import { loadConfig } from '../../src/config';
import { createWorkflowGateway } from '../../src/temporal/workflow-gateway';
import { importContactsContract } from '../../src/contracts/catalogue';
import { eventually } from '../helpers/outreach-stack';
import { FAST_TIMING } from '../helpers/sync-stack';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import { startTestTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';
import { TEST_ENV } from '../helpers/test-env';

// The worker's database stalled (its data API stopped with SIGSTOP: it accepts connections and
// never answers). Its activities have the API's deadlines, so each attempt fails DB_UNAVAILABLE and
// Temporal retries it, instead of one attempt holding the task slot until its one-minute timeout;
// once the database answers again, the workflow completes.

const ACCOUNT = 'acct-stall';
let env: TestWorkflowEnvironment;
let crm: TestSupabase;
let worker: Worker;
let running: Promise<void>;
let taskQueue: string;

before(async () => {
  [env, crm] = await Promise.all([startTestTemporal(), startTestSupabase('pglite')]);
  const config = loadConfig({
    ...TEST_ENV,
    CRM_SUPABASE_URL: crm.url,
    CRM_SUPABASE_KEY: crm.serviceRoleKey,
    CRM_DB_TIMEOUT_MS: '1000',
    CRM_DB_WRITE_TIMEOUT_MS: '2000',
  });
  // As src/worker.ts builds it: the CRM client from config.crmDb, deadlines included.
  const deps = createActivityDeps({
    crmDb: createSupabase(config.crmDb),
    safari: null as never,
    scoreWeights: config.scoring.weights,
  });
  taskQueue = uniqueTaskQueue('db-stall');
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(deps),
  });
  running = worker.run();
});
after(async () => {
  crm?.resume();
  worker?.shutdown();
  await running;
  await Promise.all([crm?.stop(), env?.teardown()]);
});

/** The import's activity while it is retried: its attempt and the type of its last failure. */
async function upsertAttempt(workflowId: string) {
  const pending = (await env.client.workflow.getHandle(workflowId).describe()).raw.pendingActivities ?? [];
  const upsert = pending.find((a) => a.activityType?.name === 'upsertContacts');
  return {
    attempt: upsert?.attempt ?? 0,
    failure: upsert?.lastFailure?.applicationFailureInfo?.type ?? upsert?.lastFailure?.message ?? null,
  };
}

describe('an activity against a stalled database', () => {
  it('fails at its deadline, is retried by Temporal, and completes once the database answers', async () => {
    const contacts = Array.from({ length: 5 }, (_, i) => ({ username: `stalled_${i}` }));
    const gateway = createWorkflowGateway(env.client, taskQueue);
    crm.stall();
    let seen: Awaited<ReturnType<typeof upsertAttempt>>;
    let started: { workflowId: string; runId: string };
    try {
      const timing = { ...FAST_TIMING, db: { initialMs: 50, maxMs: 200, attempts: 100 } };
      started = await gateway.start(importContactsContract, { version: 1, accountId: ACCOUNT, contacts, timing });
      // Well inside the one minute an attempt may take: only a deadline can end attempts this soon.
      seen = await eventually(
        () => upsertAttempt(started.workflowId),
        (a) => a.attempt >= 3,
        'the import to be on its third attempt',
        45_000,
      );
    } finally {
      crm.resume();
    }
    assert.equal(seen.failure, 'DB_UNAVAILABLE', 'each attempt failed naming the database');
    const outcome = await gateway.awaitResult(importContactsContract, started.workflowId, started.runId, 30_000);
    assert.ok(
      outcome.done && 'result' in outcome,
      `the import completed once the database answered (${JSON.stringify(outcome)})`,
    );
    const result = outcome.result;
    assert.equal(result.processed, contacts.length);
    // An attempt given up may still land once the data API runs again: writes are keyed, so it
    // makes the later attempt's rows "unchanged" rather than duplicates.
    assert.equal(result.created + result.updated + result.unchanged, contacts.length);
    const rows = await crm.sql.query<{ username: string }>(
      'select username from contacts where account_id = $1 order by username',
      [ACCOUNT],
    );
    assert.deepEqual(
      rows.map((r) => r.username),
      contacts.map((c) => c.username),
    );
  });
});
