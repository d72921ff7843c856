import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SyncProgress } from '../../src/contracts/sync';
import { syncConversationsContract } from '../../src/contracts/catalogue';
import { recordHistory } from '../helpers/histories';
import { eventually } from '../helpers/outreach-stack';
import { FAST_TIMING, snapshot, startSyncStack } from '../helpers/sync-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// A database outage during a sync: the listing (browser time) is not repeated; the store that
// failed is retried on its own until the database is back, or until its retries run out.

const LISTING = '/api/conversations/all';
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Awaited<ReturnType<typeof startSyncStack>>;

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({ flavor: 'ccf4331', conversations: 6, seed: 3 }),
  ]);
  stack = await startSyncStack(env, clientFor(sim.url), Date.now, sim.url, { outage: true });
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

/** Starts a sync whose listing takes a while, and cuts the database once the listing has begun. */
async function syncWithOutage(accountId: string, dbAttempts: number): Promise<WorkflowHandle> {
  const before = sim.control.requests()[LISTING] ?? 0;
  sim.control.scriptFaults(LISTING, [{ kind: 'slow', delayMs: 1_500 }]);
  const timing = { ...FAST_TIMING, db: { initialMs: 50, maxMs: 200, attempts: dbAttempts } };
  const started = await stack.gateway.start(syncConversationsContract, stack.input(accountId, { timing }));
  await eventually(
    async () => sim.control.requests()[LISTING] ?? 0,
    (n) => n > before,
    'the listing to reach the simulator',
  );
  stack.proxy!.down();
  return env.client.workflow.getHandle(started.workflowId, started.runId);
}

async function storeAttempt(handle: WorkflowHandle): Promise<number> {
  const pending = (await handle.describe()).raw.pendingActivities ?? [];
  return pending.find((a) => a.activityType?.name === 'storeInboxListing')?.attempt ?? 0;
}

describe('sync during a database outage', () => {
  it('retries the store, not the browser listing, and finishes once the database is back', async () => {
    const handle = await syncWithOutage('acct-outage', 60);
    try {
      await eventually(
        () => storeAttempt(handle),
        (n) => n >= 3,
        'the store to have failed twice while the database was down',
      );
    } finally {
      stack.proxy!.up();
    }
    const result = (await handle.result()) as SyncProgress;
    await recordHistory('sync-store-retried', handle);
    assert.equal(sim.control.requests()[LISTING], 1, 'the inbox was listed once');
    const listed = sim.control.threads().length;
    assert.equal(result.conversationsFound, listed);
    assert.equal(result.contactsCreated, listed);
    assert.equal(result.threadsRead, listed);
    assert.equal((await snapshot(stack.sb, 'acct-outage')).contacts, listed);
  });

  it('fails with DB_UNAVAILABLE when the retries run out, having listed once and stored nothing', async () => {
    const listedBefore = sim.control.requests()[LISTING] ?? 0;
    const handle = await syncWithOutage('acct-down', 3);
    try {
      const err = await handle.result().then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowFailedError, `the sync failed (${String(err)})`);
      const failed = (await handle.fetchHistory()).events?.flatMap((e) => {
        const f = e.activityTaskFailedEventAttributes?.failure;
        return f ? [f.applicationFailureInfo?.type ?? f.message] : [];
      });
      assert.deepEqual(
        failed,
        ['DB_UNAVAILABLE'],
        'one failed activity (the store, after its retries), naming the database',
      );
    } finally {
      stack.proxy!.up();
    }
    assert.equal(sim.control.requests()[LISTING], listedBefore + 1, 'listed once, not once per retry');
    assert.equal((await snapshot(stack.sb, 'acct-down')).contacts, 0);
  });
});
