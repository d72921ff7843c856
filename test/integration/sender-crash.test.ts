import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { newOutreachItem } from '../../src/app/outreach/outreach-items';
import { createOutreachRepository } from '../../src/adapters/db/outreach-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createWorkflowGateway } from '../../src/temporal/workflow-gateway';
import { senderInput } from '../../src/temporal/workflow-inputs';
import { dmSenderContract } from '../../src/contracts/catalogue';
import { senderProgressQuery } from '../../src/contracts/sender';
import { queueChangedSignal, type SenderTiming } from '../../src/contracts/sender';
import { TEST_SENDER_TIMING } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import { startTestTemporal, uniqueTaskQueue } from '../helpers/temporal';
import { workerEnv, workerProcess, type WorkerProcess } from '../helpers/worker-process';
import { startSimulator } from '../simulator/sim-fixture';

// The issue's requirement: the real worker process, SIGKILLed several times while a 200-item queue
// drains at scaled pacing — every item sent exactly once, none lost, the simulator's ledger of DMs
// really sent and the CRM database agree. Kills land at arbitrary moments, during a slow send (the DM
// lands while no worker runs) and while a send-then-timeout answer is held (the DM is out, the answer
// never came): the recovery reads the thread and finds it instead of sending again.

const N = 200;
const ACCOUNT = 'crash-drill';
const SEND = '/api/messages/send-to';
/** The first signal-with-start decides the running sender's timing (kept across continue-as-new). */
const TIMING: SenderTiming = { ...TEST_SENDER_TIMING, heartbeatTimeoutMs: 1_000, quietMs: 200, sendTimeoutMs: 5_000 };
/** A killed worker's sticky workflow tasks wait ~10 s, a DB activity it was running its full 1 min limit. */
const STEP_MS = 150_000;

let env: TestWorkflowEnvironment;
let sb: TestSupabase;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let worker: WorkerProcess;
const taskQueue = uniqueTaskQueue('sender-crash');

before(async () => {
  [env, sb, sim] = await Promise.all([
    startTestTemporal(),
    startTestSupabase('postgres'),
    startSimulator({
      flavor: 'head',
      conversations: N,
      latencyScale: 0.0002,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
  ]);
  worker = workerProcess(
    workerEnv({
      temporalAddress: env.address,
      taskQueue,
      crmDb: { url: sb.url, key: sb.serviceRoleKey },
      safariUrl: sim.url,
      accountId: ACCOUNT,
    }),
  );
  worker.start();
});
after(async () => {
  await worker?.kill();
  await sim?.close();
  await sb?.stop();
  await env?.teardown();
});

/** Polls (bounded) until `check` holds; fails naming what it waited for, and on a worker that died by itself. */
async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = STEP_MS,
  pollMs = 2,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    worker.assertAlive();
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; ${sent()} DMs sent, ${await senderState()}\n${worker.output()}`,
      );
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** How the sender workflow stands, for failure messages (a failed run says why). */
async function senderState(): Promise<string> {
  const handle = env.client.workflow.getHandle(dmSenderContract.id(senderInput(TIMING, ACCOUNT)));
  const status = await handle.describe().then(
    (d) => d.status.name,
    (e: Error) => e.message,
  );
  if (status !== 'FAILED') return `sender ${status}`;
  const why = await handle.result().then(
    () => '',
    (e: Error & { cause?: Error & { cause?: Error } }) => `${e.cause?.message ?? ''} ${e.cause?.cause?.message ?? ''}`,
  );
  return `sender FAILED: ${why}`;
}
const sent = () => sim.control.sends().length;
const statusCounts = async () =>
  Object.fromEntries(
    (
      await sb.sql.query<{ status: string; n: string }>(
        `select status, count(*) as n from outreach_items where account_id = $1 group by status`,
        [ACCOUNT],
      )
    ).map((r) => [r.status, Number(r.n)]),
  );
type Item = { id: string; username: string; text: string; outcome: string | null; attempts: number };
const itemsIn = (status: string) =>
  sb.sql.query<Item>(
    `select id, username, text, outcome, attempts from outreach_items where account_id = $1 and status = $2`,
    [ACCOUNT, status],
  );

/** Seeds a contact per simulator thread and queues one distinct DM to each, as the API does. */
async function enqueueAll(): Promise<void> {
  const usernames = sim.control.threads().map((th) => th.username);
  assert.equal(new Set(usernames).size, N);
  const contacts = await sb.sql.query<{ id: string; username: string }>(
    `insert into contacts (account_id, username) select $1, u from unnest($2::text[]) as u returning id, username`,
    [ACCOUNT, usernames],
  );
  const drafts = contacts.map((c, i) =>
    newOutreachItem(
      ACCOUNT,
      {
        kind: 'queued',
        businessKey: `crash-drill:${i}`,
        contact: { id: c.id, username: c.username, totalMessagesReceived: 0 },
        text: `Crash drill message ${i + 1} of ${N} for ${c.username}: hello from the queue`,
        priority: 50,
        scheduledAt: null,
        campaign: null,
        template: null,
        videoId: null,
        notifyWorkflowId: null,
        requestId: null,
      },
      'none',
    ),
  );
  await createOutreachRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey })).enqueue(ACCOUNT, drafts);
  await createWorkflowGateway(env.client, taskQueue).signalWithStart(
    dmSenderContract,
    senderInput(TIMING, ACCOUNT),
    queueChangedSignal,
    { reason: 'test' },
  );
}

it(
  'SIGKILLed several times while 200 DMs drain: each sent exactly once, ledger and database agree',
  { timeout: 420_000 },
  async (t) => {
    await until(
      async () => (await sb.sql.query(`select 1 from accounts where id = $1`, [ACCOUNT])).length === 1,
      'the worker to record its default account',
      60_000,
      100,
    );
    await enqueueAll();
    const started = Date.now();
    const sender = env.client.workflow.getHandle(dmSenderContract.id(senderInput(TIMING, ACCOUNT)));

    /** SIGKILL now; note what Temporal still had running and which item was mid-send. */
    const kills: { what: string; ledger: number; pending: string[]; sending: Item[] }[] = [];
    async function kill(what: string) {
      const ledger = sent();
      await worker.kill();
      const pending = ((await sender.describe()).raw.pendingActivities ?? []).map((a) => a.activityType?.name ?? '?');
      kills.push({ what, ledger, pending, sending: await itemsIn('sending') });
      return kills.at(-1)!;
    }
    const faultTaken = () => (sim.control.pendingFaults()[SEND] ?? []).length === 0;

    // 1: the moment the 25th DM is in the ledger (its answer, or the step after it, in flight).
    await until(() => sent() >= 25, '25 DMs');
    await kill('just after the 25th DM landed');
    worker.start();

    // 2: inside a slow send: the DM lands while no worker runs; the recovery must find it, not send it again.
    await until(() => sent() >= 70, '70 DMs');
    sim.control.scriptFaults(SEND, [{ kind: 'slow', delayMs: 2_000 }]);
    await until(faultTaken, 'the slow send to start', 30_000);
    const slow = await kill('inside a slow send, DM not out yet');
    assert.equal(slow.sending.length, 1, 'one item mid-send');
    const slowItem = slow.sending[0]!;
    await until(
      () => sim.control.sentCount(slowItem.username, slowItem.text) === 1,
      'the slow DM to land with no worker running',
      10_000,
    );
    const landedAt = sim.control.sends().findIndex((d) => d.username === slowItem.username && d.text === slowItem.text);
    assert.ok(landedAt >= slow.ledger, 'the slow DM landed after the kill');
    worker.start();

    // 3: send-then-timeout: the DM is out and its answer held back when the worker dies.
    await until(() => sent() >= 115, '115 DMs');
    sim.control.scriptFaults(SEND, ['send_then_timeout']);
    await until(faultTaken, 'the held send to start', 30_000);
    const [heldItem] = await itemsIn('sending');
    assert.ok(heldItem, 'an item mid-send');
    await until(() => sim.control.sentCount(heldItem.username, heldItem.text) === 1, 'the held DM to land', 2_000);
    await kill('DM out, answer held (send_then_timeout)');
    worker.start();

    // 4: the moment the 160th DM is in the ledger.
    await until(() => sent() >= 160, '160 DMs');
    await kill('just after the 160th DM landed');
    worker.start();

    await until(async () => (await statusCounts()).sent === N, `all ${N} items sent`, 150_000, 200);
    t.diagnostic(`drained in ${((Date.now() - started) / 1000).toFixed(1)} s with ${worker.starts()} worker processes`);
    const items = await itemsIn('sent');
    const outcome = (i: Item | undefined) => (i ? items.find((x) => x.id === i.id)?.outcome : null);
    for (const k of kills)
      t.diagnostic(
        `kill at ledger ${k.ledger} (${k.what}): pending [${k.pending.join(', ')}], mid-send ${k.sending.map((i) => `${i.username} -> ${outcome(i)}`).join(', ') || 'none'}`,
      );

    assert.deepEqual(
      await statusCounts(),
      { sent: N },
      'every item sent; none queued, sending, failed or needs_review',
    );
    assert.equal(sent(), N, 'no DM beyond the 200 items went out');
    for (const i of items)
      assert.equal(sim.control.sentCount(i.username, i.text), 1, `${i.username}: "${i.text}" sent once`);
    const [stored] = await sb.sql.query<{ n: string; items: string; matching: string }>(
      `select count(*) as n, count(distinct m.outreach_item_id) as items,
            count(*) filter (where m.message_text = i.text and m.contact_id = i.contact_id and i.status = 'sent') as matching
     from messages m join outreach_items i on i.id = m.outreach_item_id where m.account_id = $1 and m.is_outbound and m.sent_by_automation`,
      [ACCOUNT],
    );
    assert.deepEqual(
      stored,
      { n: String(N), items: String(N), matching: String(N) },
      'one stored outbound message per item, with its text',
    );
    assert.match(outcome(slowItem) ?? '', /found in the thread/, 'the slow send was found by reading the thread');
    assert.match(outcome(heldItem) ?? '', /found in the thread/, 'the held send was found by reading the thread');
    await until(
      async () => {
        const p = await sender.query(senderProgressQuery);
        return p.blockedBy === 'empty' && p.sent === N && JSON.stringify(p.queue) === JSON.stringify({ sent: N });
      },
      'the sender to report 200 sends and nothing left',
      30_000,
      200,
    );
  },
);
