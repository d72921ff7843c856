import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SyncProgress } from '../../src/contracts/sync';
import { syncContactsContract, syncConversationsContract } from '../../src/contracts/catalogue';
import { FAST_TIMING, snapshot, startSyncStack, storedThreads } from '../helpers/sync-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// How a real sync ends when Safari keeps failing: a thread that cannot be opened at all is reported
// and unqueued with its reason (the next sync's listing queues it again), not retried until
// the whole sync fails; reads that keep failing use up their retries, and the next sync finds every
// thread still owed.

let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Awaited<ReturnType<typeof startSyncStack>>;

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({ flavor: 'ccf4331', conversations: 5, seed: 11 }),
  ]);
  stack = await startSyncStack(env, clientFor(sim.url), Date.now, sim.url);
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

const truth = () =>
  new Map(
    sim.control
      .threads()
      .map((t) => [
        t.username,
        t.messages.filter((m) => m.atMs <= sim.control.now()).map((m) => `${m.isOutbound ? 'out' : 'in'}:${m.text}`),
      ]),
  );

describe('a sync when Safari keeps failing', () => {
  it('reports a thread Safari cannot find as failed, with the reason kept on the conversation, and finishes', async () => {
    const account = 'acct-gone';
    const input = stack.input(account, {}, { kind: 'contacts', usernames: ['no.such.person'] });
    const started = await stack.gateway.start(syncContactsContract, input, 'gone');
    const result = (await env.client.workflow.getHandle(started.workflowId).result()) as SyncProgress;
    assert.equal(result.threadsFailed, 1);
    assert.equal(result.threadsRead, 0);
    const [row] = await stack.sb.sql.query<{ last_read_error: string | null }>(
      `select v.last_read_error from conversations v join contacts c on c.id = v.contact_id where c.account_id = $1 and c.username = 'no.such.person'`,
      [account],
    );
    assert.match(
      row?.last_read_error ?? '',
      /^NOT_FOUND/,
      'why the thread was not read is kept where an operator looks',
    );
  });

  it('fails the sync once thread reads have used up their retries; the next sync reads every thread', async () => {
    const account = 'acct-retries';
    const timing = { ...FAST_TIMING, safari: { initialMs: 50, maxMs: 100, attempts: 3 } };
    sim.control.scriptFaults('/api/messages', Array(20).fill('server_error'));
    const started = await stack.gateway.start(syncConversationsContract, stack.input(account, { timing }));
    const err = await env.client.workflow
      .getHandle(started.workflowId)
      .result()
      .then(
        () => null,
        (e: unknown) => e,
      );
    assert.ok(err instanceof WorkflowFailedError, `the sync failed (${String(err)})`);
    const left = Object.values(sim.control.pendingFaults()).flat().length;
    assert.equal(left, 20 - 3, 'three attempts at the batch, then it gave up');
    assert.equal((await snapshot(stack.sb, account)).messages, 0);

    sim.control.clearFaults();
    const again = await stack.gateway.start(syncConversationsContract, stack.input(account));
    const result = (await env.client.workflow.getHandle(again.workflowId, again.runId).result()) as SyncProgress;
    assert.equal(result.threadsRead, sim.control.threads().length, 'every thread was still owed');
    assert.deepEqual(await storedThreads(stack.sb, account), truth());
  });
});
