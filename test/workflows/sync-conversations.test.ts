import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SyncProgress } from '../../src/contracts/sync';
import { syncConversationsContract } from '../../src/contracts/catalogue';
import { recordHistory } from '../helpers/histories';
import { snapshot, startSyncStack, storedThreads } from '../helpers/sync-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// syncConversations end to end: real Temporal, real PostgREST over PGlite, the Safari simulator
// (design's ccf4331 flavour: real handles, lossless reads, so repeated texts are visible).

type Sim = Awaited<ReturnType<typeof startSimulator>>;
type Stack = Awaited<ReturnType<typeof startSyncStack>>;

let env: TestWorkflowEnvironment;
let sim: Sim;
let stack: Stack;
const ACCOUNT = 'acct-sync';

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({ flavor: 'ccf4331', conversations: 12, seed: 7 }),
  ]);
  stack = await startSyncStack(env, clientFor(sim.url), Date.now, sim.url);
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

/** What the simulator's inbox holds right now, as the same lines storedThreads produces. */
function truth(): Map<string, string[]> {
  const now = sim.control.now();
  return new Map(
    sim.control
      .threads()
      .map(
        (t) =>
          [
            t.username,
            t.messages.filter((m) => m.atMs <= now).map((m) => `${m.isOutbound ? 'out' : 'in'}:${m.text}`),
          ] as const,
      )
      .filter(([, lines]) => lines.length > 0),
  );
}

async function runSync(workflowId?: string): Promise<SyncProgress> {
  const started = await stack.gateway.start(syncConversationsContract, stack.input(ACCOUNT));
  const handle = env.client.workflow.getHandle(started.workflowId, started.runId);
  const result = (await handle.result()) as SyncProgress;
  if (workflowId) await recordHistory(workflowId, handle);
  return result;
}

async function eventTypes(since: number): Promise<string[]> {
  const rows = await stack.sb.sql.query<{ type: string }>(
    `select type from event_outbox where account_id = $1 and seq > $2 order by seq`,
    [ACCOUNT, since],
  );
  return rows.map((r) => r.type);
}
const lastSeq = async () =>
  Number((await stack.sb.sql.query<{ n: string }>(`select coalesce(max(seq), 0) as n from event_outbox`))[0]!.n);

describe('syncConversations', () => {
  it('first sync creates every contact, conversation and message once', async () => {
    const expected = truth();
    const result = await runSync('sync-first');
    assert.equal(result.conversationsFound, expected.size);
    assert.equal(result.contactsCreated, expected.size);
    assert.equal(result.threadsRead, expected.size);
    assert.deepEqual(await storedThreads(stack.sb, ACCOUNT), expected);
    const s = await snapshot(stack.sb, ACCOUNT);
    assert.equal(s.contacts, expected.size);
    assert.equal(s.conversations, expected.size);
    const types = await eventTypes(0);
    assert.equal(types.filter((t) => t === 'contact.created').length, expected.size);
    assert.equal(
      types.filter((t) => t === 'message.received').length,
      0,
      'history read the first time is a backfill, not news',
    );
    assert.equal(types.at(-1), 'sync.completed');
    const scored = await stack.sb.sql.query(
      `select 1 from contacts where account_id = $1 and relationship_score is null`,
      [ACCOUNT],
    );
    assert.equal(scored.length, 0, 'every contact got a score');
  });

  it('a second sync of the unchanged inbox writes nothing (one sync.completed event aside)', async () => {
    const before = await snapshot(stack.sb, ACCOUNT);
    const since = await lastSeq();
    const result = await runSync('sync-unchanged');
    const after = await snapshot(stack.sb, ACCOUNT);
    assert.deepEqual({ ...after, events: before.events }, before);
    assert.deepEqual(await eventTypes(since), ['sync.completed']);
    assert.equal(result.threadsRead, 0, 'no thread was re-read');
    assert.equal(result.messagesAdded, 0);
  });

  it('records each finished run with its sync.completed event, once, however often the record is repeated', async () => {
    const runs = await stack.sb.sql.query<{ run_key: string; counts: { account_id: string } }>(
      `select run_key, counts from sync_runs where account_id = $1 order by finished_at`,
      [ACCOUNT],
    );
    const completed = (await eventTypes(0)).filter((t) => t === 'sync.completed');
    assert.equal(runs.length, completed.length, 'one run recorded per sync.completed event');
    assert.ok(
      runs.length >= 2 &&
        runs.every((r) => r.run_key.startsWith('sync-conversations:') && r.counts.account_id === ACCOUNT),
    );
    const since = await lastSeq();
    assert.equal(
      await stack.deps.events.recordSyncRun(runs[0]!.run_key, ACCOUNT, runs[0]!.counts),
      null,
      'a repeated record is refused',
    );
    assert.deepEqual(await eventTypes(since), [], 'and writes no second event');
  });

  it('new inbound replies appear exactly once, repeats included, and become message.received events', async () => {
    const [first, second] = [...truth().keys()];
    sim.control.addInbound(first!, 'ok');
    sim.control.addInbound(first!, 'ok');
    sim.control.addInbound(second!, 'thanks so much, that helped');
    const since = await lastSeq();
    const result = await runSync('sync-replies');
    assert.equal(result.messagesAdded, 3);
    const stored = await storedThreads(stack.sb, ACCOUNT);
    assert.deepEqual(stored.get(first!)?.slice(-2), ['in:ok', 'in:ok']);
    assert.deepEqual(stored, truth());
    assert.equal((await eventTypes(since)).filter((t) => t === 'message.received').length, 3);

    const again = await runSync();
    assert.equal(again.messagesAdded, 0, 'reading the same thread again adds nothing');
    assert.deepEqual(await storedThreads(stack.sb, ACCOUNT), truth());
  });

  it('recovers from Safari faults mid-sync (503, 429, 500, a timeout) by retrying, without losing or doubling rows', async () => {
    const names = [...truth().keys()].slice(0, 4);
    names.forEach((n, i) => sim.control.addInbound(n, `fault test ${i}`));
    // The slow answer outlasts the client's read timeout (2 s in the fixture): the outcome is unknown.
    sim.control.scriptFaults('/api/messages', [
      'none',
      'session_missing',
      'rate_limit',
      'server_error',
      { kind: 'slow', delayMs: 2_500 },
    ]);
    sim.control.scriptFaults('/api/conversations/all', ['server_error']);
    const result = await runSync('sync-faults');
    assert.equal(result.messagesAdded, 4);
    assert.deepEqual(await storedThreads(stack.sb, ACCOUNT), truth());
    assert.deepEqual(Object.values(sim.control.pendingFaults()).flat(), [], 'every scripted fault was hit');
  });

  it('continues as new when a run has done its batches, carrying progress', async () => {
    const names = [...truth().keys()].slice(0, 6);
    names.forEach((n) => sim.control.addInbound(n, 'continue-as-new check'));
    const started = await stack.gateway.start(
      syncConversationsContract,
      stack.input(ACCOUNT, { batchSize: 2, batchesPerRun: 1 }),
    );
    const result = (await env.client.workflow.getHandle(started.workflowId).result()) as SyncProgress;
    assert.ok(result.runs >= 3, `ran ${result.runs} runs`);
    assert.equal(result.messagesAdded, 6);
    assert.deepEqual(await storedThreads(stack.sb, ACCOUNT), truth());
  });

  it('a second start while a sync runs joins it instead of starting another', async () => {
    const a = await stack.gateway.start(syncConversationsContract, stack.input(ACCOUNT));
    const b = await stack.gateway.start(syncConversationsContract, stack.input(ACCOUNT));
    assert.equal(a.workflowId, b.workflowId);
    assert.equal(a.runId, b.runId);
    await env.client.workflow.getHandle(a.workflowId).result();
  });
});
