import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SyncProgress } from '../../src/contracts/sync';
import { syncConversationsContract } from '../../src/contracts/catalogue';
import { syncProgressQuery } from '../../src/contracts/sync';
import type { WorkflowHandle } from '@temporalio/client';
import { recordHistory } from '../helpers/histories';
import { orderOf } from '../helpers/history-order';
import { eventually, startOutreachStack } from '../helpers/outreach-stack';
import { FAST_TIMING } from '../helpers/sync-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// One browser, one driver across processes: two workers, each with its own Safari client and its
// own in-process lock (as two worker processes would have), a sync reading the whole inbox and DMs
// going out at the same time. The simulator counts every time two browser calls overlapped.
// (test/adapters/safari/concurrency.test.ts shows the counter does see overlap when nothing coordinates.)

type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Stack;
const ACCOUNT = 'turns';

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    // A small real latency, so overlapping calls would really be inside the browser together.
    startSimulator({
      flavor: 'head',
      conversations: 40,
      latencyScale: 0.01,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
  ]);
  stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariFor: (url) => clientFor(url),
    safariUrl: sim.url,
    workers: 2,
    backend: 'postgres',
  });
  await stack.account(ACCOUNT);
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

const syncInput = (batchSize: number, accountId = ACCOUNT) => ({
  version: 1 as const,
  accountId,
  scope: { kind: 'inbox' as const, tab: 'all' as const },
  readThreads: true,
  batchSize,
  readLimit: 50,
  batchesPerRun: 100,
  timing: FAST_TIMING,
});

describe('Safari host turns', () => {
  it('two workers, a full sync and DMs: no two browser calls ever overlap, every DM once', async () => {
    sim.control.reset();
    const people = sim.control
      .threads()
      .slice(0, 8)
      .map((t) => t.username);
    for (const p of people) await stack.contact(ACCOUNT, p);
    const sync = await stack.gateway.start(syncConversationsContract, syncInput(4));
    const items = await stack.enqueue(
      ACCOUNT,
      people.map((p) => ({ username: p, text: `while syncing, hello ${p}` })),
    );
    const result = (await env.client.workflow.getHandle(sync.workflowId).result()) as SyncProgress;
    await eventually(
      () => stack.statuses(ACCOUNT),
      (m) => items.every((i) => m.get(i.id) === 'sent'),
      'every DM to go out',
    );
    assert.equal(result.threadsFailed, 0);
    assert.ok(result.threadsRead >= 30, `read ${result.threadsRead} threads`);
    for (const p of people) assert.equal(sim.control.sentCount(p, `while syncing, hello ${p}`), 1);
    const overlap = sim.control.overlap();
    assert.equal(overlap.overlaps, 0, JSON.stringify(overlap));
    assert.equal(overlap.maxInFlight, 1);
    await recordHistory('sync-with-turns', env.client.workflow.getHandle(sync.workflowId));
    await recordHistory('safari-host', env.client.workflow.getHandle(`safari-host:${new URL(sim.url).host}`));
  });

  it("a DM asking while a sync reads gets the browser before the sync's next batch", async () => {
    sim.control.reset();
    const account = 'turns-fresh'; // nothing read yet: its sync reads every thread
    await stack.account(account);
    const [person] = sim.control.threads().map((t) => t.username);
    await stack.contact(account, person!);
    const sync = await stack.gateway.start(syncConversationsContract, syncInput(3, account));
    const handle = env.client.workflow.getHandle(sync.workflowId);
    const batches = async () => (await handle.query(syncProgressQuery)).batches;
    await eventually(batches, (n) => n >= 2, 'the sync to be reading threads');
    const [item] = await stack.enqueue(account, [
      { username: person!, text: 'no waiting behind the sync', key: 'no-wait' },
    ]);
    const queuedAt = await batches();
    await eventually(
      () => stack.statuses(account),
      (m) => m.get(item!.id) === 'sent',
      'the DM to go out',
    );
    const sentAt = await batches();
    const total = ((await handle.result()) as SyncProgress).batches;
    await dmWentBeforeTheNextBatch(handle, env.client.workflow.getHandle(`dm-sender:${account}`));
    assert.ok(sentAt - queuedAt <= 2, `the DM waited ${sentAt - queuedAt} batches`);
    assert.ok(sentAt < total - 2, `the sync still had work when the DM went (${sentAt} of ${total} batches)`);
    assert.equal(sim.control.overlap().overlaps, 0);
  });

  it("each account drives its own Safari server: another account's sync and DM go to its server only", async () => {
    const other = await startSimulator({
      flavor: 'ccf4331',
      conversations: 6,
      seed: 99,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    });
    try {
      sim.control.reset();
      await stack.deps.accounts.ensure('elsewhere', other.url);
      const result = (await env.client.workflow
        .getHandle((await stack.gateway.start(syncConversationsContract, syncInput(3, 'elsewhere'))).workflowId)
        .result()) as SyncProgress;
      const theirs = other.control
        .threads()
        .map((t) => t.username)
        .sort();
      const stored = (
        await stack.sb.sql.query<{ username: string }>(
          `select username from contacts where account_id = 'elsewhere' order by username`,
        )
      ).map((r) => r.username);
      assert.deepEqual(stored, theirs, 'the contacts of its own inbox');
      assert.equal(result.threadsRead, theirs.length);
      const [item] = await stack.enqueue('elsewhere', [{ username: theirs[0]!, text: 'from the other Mac' }]);
      await eventually(
        () => stack.statuses('elsewhere'),
        (m) => m.get(item!.id) === 'sent',
        'the DM to go out',
      );
      assert.equal(other.control.sentCount(theirs[0]!, 'from the other Mac'), 1);
      assert.equal(
        sim.control.sends().length + Object.values(sim.control.requests()).reduce((a, b) => a + b, 0),
        0,
        'nothing reached the first server',
      );
    } finally {
      await other.close();
    }
  });
});

/**
 * The sync keeps its turn from batch to batch only while nobody waits: once the host has told it a
 * DM asked, the sync starts no further batch before it has given the turn back and been granted it
 * again, and the DM's send has finished by then (sends are granted first). Read from the two
 * histories, in the Temporal server's order, so no timing is assumed.
 */
async function dmWentBeforeTheNextBatch(sync: WorkflowHandle, sender: WorkflowHandle) {
  const events = await orderOf(sync);
  const wanted = events.findIndex((e) => e.signalIn === 'safariTurnWanted');
  assert.ok(wanted >= 0, 'the host told the sync that a DM waits');
  const before = events.slice(0, wanted).filter((e) => e.scheduled === 'readThreadBatch').length;
  assert.ok(before >= 2, `the DM asked while the sync was reading (${before} batches started)`);
  const next = events.findIndex((e, i) => i > wanted && e.scheduled === 'readThreadBatch');
  assert.ok(next > wanted, 'the sync had batches left after the DM asked');
  const between = events.slice(wanted, next);
  assert.ok(
    between.some((e) => e.signalOut === 'releaseSafariTurn'),
    'the turn was given back before the next batch',
  );
  assert.ok(
    between.some((e) => e.signalIn === 'safariTurnGranted'),
    'and granted again before the next batch',
  );
  const sent = (await orderOf(sender)).find((e) => e.completed === 'sendOutreachItem');
  assert.ok(sent, "the sender's send is in its history");
  assert.ok(sent.at <= events[next]!.at, "the DM's send finished before the sync's next batch was scheduled");
}
