import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSchedule } from '../../src/temporal/schedules';
import { syncScheduleId } from '../../src/contracts/ids';
import { scheduledStartInput } from '../../src/contracts/scheduled-start';
import type { SyncProgress } from '../../src/contracts/sync';
import { syncContactsContract, syncConversationsContract } from '../../src/contracts/catalogue';
import { recordHistory } from '../helpers/histories';
import { snapshot, startSyncStack, storedThreads } from '../helpers/sync-stack';
import { startTestTemporal, triggerAndAwaitTick } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// The later Safari server (HEAD): listings show display names and thread ids, not handles.

type Sim = Awaited<ReturnType<typeof startSimulator>>;
type Stack = Awaited<ReturnType<typeof startSyncStack>>;

let env: TestWorkflowEnvironment;
let sim: Sim;
let stack: Stack;

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({ flavor: 'head', lossyReads: false, conversations: 10, seed: 11 }),
  ]);
  stack = await startSyncStack(env, clientFor(sim.url), Date.now, sim.url);
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

async function syncAndWait(accountId: string, overrides = {}): Promise<SyncProgress> {
  const started = await stack.gateway.start(syncConversationsContract, stack.input(accountId, overrides));
  return (await env.client.workflow.getHandle(started.workflowId).result()) as SyncProgress;
}

const visibleThreads = () => sim.control.threads().filter((t) => t.messages.some((m) => m.atMs <= sim.control.now()));

describe('sync against the HEAD server', () => {
  it('matches a display-name listing row to the known contact instead of duplicating it', async () => {
    const account = 'acct-head';
    const shown = visibleThreads().find((t) => t.listsDisplayName);
    assert.ok(shown, 'the simulator lists some rows by display name');
    await stack.deps.contacts.upsertContacts(account, [
      { username: shown.username, displayName: shown.displayName, tags: ['known'] },
    ]);

    const result = await syncAndWait(account);
    assert.equal(result.conversationsFound, visibleThreads().length);
    const rows = await stack.sb.sql.query<{ username: string | null; thread_id: string; tags: string[] }>(
      `select username, thread_id, tags from contacts where account_id = $1 and (username = $2 or display_name = $3)`,
      [account, shown.username, shown.displayName],
    );
    assert.equal(rows.length, 1, 'one contact for that person');
    assert.equal(rows[0]!.username, shown.username);
    assert.equal(rows[0]!.thread_id, shown.threadId, 'the thread id was learned');
    assert.deepEqual(rows[0]!.tags, ['known'], 'the known contact kept its data');

    const again = await syncAndWait(account);
    assert.equal(again.contactsCreated, 0);
    assert.equal((await snapshot(stack.sb, account)).contacts, visibleThreads().length);
  });

  it('resumes after a worker restart mid-sync, with nothing lost or doubled', async () => {
    const account = 'acct-restart';
    // Every thread read takes 0.5 s, so the sync is still reading when checked, however loaded the machine.
    sim.control.scriptFaults(
      '/api/messages',
      Array.from({ length: 40 }, () => ({ kind: 'slow' as const, delayMs: 500 })),
    );
    const started = await stack.gateway.start(syncConversationsContract, stack.input(account, { batchSize: 2 }));
    const handle = env.client.workflow.getHandle(started.workflowId);
    const readSoFar = async () =>
      Number(
        (
          await stack.sb.sql.query<{ n: string }>(
            `select count(*) as n from conversations where account_id = $1 and last_read_at is not null`,
            [account],
          )
        )[0]!.n,
      );
    for (let waited = 0; (await readSoFar()) === 0; waited += 50) {
      assert.ok(waited < 30_000, 'no thread was read within 30 s of starting the sync');
      await new Promise((r) => setTimeout(r, 50));
    }
    const midway = await stack.gateway.describe(started.workflowId);
    assert.equal(midway?.status, 'RUNNING');
    assert.equal(
      (midway as { progress: SyncProgress }).progress.phase,
      'reading',
      'progress is visible through the query',
    );
    await stack.stopWorker();
    await stack.startWorker();
    const result = (await handle.result()) as SyncProgress;
    await recordHistory('sync-restart', handle);
    assert.equal(result.phase, 'done');
    const stored = await storedThreads(stack.sb, account);
    assert.equal(stored.size, visibleThreads().length);
    for (const t of visibleThreads()) {
      const key = t.listsDisplayName ? t.displayName : t.username;
      const lines = t.messages
        .filter((m) => m.atMs <= sim.control.now())
        .map((m) => `${m.isOutbound ? 'out' : 'in'}:${m.text}`);
      assert.deepEqual(stored.get(key), lines, key);
    }
  });

  it('syncs one named contact through the original per-username route shape', async () => {
    const account = 'acct-one';
    const target = visibleThreads()[0]!;
    const started = await stack.gateway.start(
      syncContactsContract,
      stack.input(account, {}, { kind: 'contacts', usernames: [target.username] }),
      'k1',
    );
    const result = (await env.client.workflow.getHandle(started.workflowId).result()) as SyncProgress;
    assert.equal(result.threadsRead, 1);
    assert.equal(result.threads[0]?.saved, target.messages.filter((m) => m.atMs <= sim.control.now()).length);
    assert.equal((await snapshot(stack.sb, account)).contacts, 1);
  });
});

describe('sync schedule', () => {
  it('creates, triggers, updates and deletes the periodic sync', async () => {
    const account = 'acct-sched';
    const args = [scheduledStartInput(syncConversationsContract, stack.input(account))];
    const opts = {
      scheduleId: syncScheduleId(account),
      workflowType: 'scheduledStart',
      args,
      accountId: account,
      taskQueue: stack.taskQueue,
      intervalMs: 3_600_000,
    };
    assert.equal(await ensureSchedule(env.client, opts), 'created');
    assert.equal(await ensureSchedule(env.client, { ...opts, intervalMs: 1_800_000 }), 'updated');
    const schedule = env.client.schedule.getHandle(syncScheduleId(account));
    const described = await schedule.describe();
    assert.deepEqual(
      described.spec.intervals?.map((i) => i.every),
      [1_800_000],
    );

    const tick = await triggerAndAwaitTick(schedule);
    assert.equal(await env.client.workflow.getHandle(tick).result(), 'started');
    await recordHistory('scheduled-start', env.client.workflow.getHandle(tick));
    const synced = (await env.client.workflow.getHandle(`sync-conversations:${account}`).result()) as SyncProgress;
    assert.equal(synced.conversationsFound, visibleThreads().length);

    assert.equal(await ensureSchedule(env.client, { ...opts, intervalMs: null }), 'deleted');
    assert.equal(await ensureSchedule(env.client, { ...opts, intervalMs: null }), 'absent');
  });

  it('steps aside when the sync it would start is already running', async () => {
    const account = 'acct-busy';
    sim.control.scriptFaults('/api/conversations/all', [{ kind: 'slow', delayMs: 1_500 }]);
    const running = await stack.gateway.start(syncConversationsContract, stack.input(account));
    const tick = await env.client.workflow.start('scheduledStart', {
      taskQueue: stack.taskQueue,
      workflowId: `tick-${account}`,
      args: [{ workflowType: 'syncConversations', workflowId: running.workflowId, args: [stack.input(account)] }],
    });
    assert.equal(await tick.result(), 'already-running');
    await env.client.workflow.getHandle(running.workflowId).result();
  });
});
