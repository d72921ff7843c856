import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dmSenderContract } from '../../src/contracts/catalogue';
import { senderProgressQuery } from '../../src/contracts/sender';
import { queueChangedSignal, settingsChangedSignal, type SenderProgress } from '../../src/contracts/sender';
import { eventually, OPEN_PACING, startOutreachStack } from '../helpers/outreach-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// Pacing with scaled durations (an "hour" of 3 s, a "day" of 9 s): no rolling window ever holds
// more than its cap, the gap holds, nothing leaves outside the active hours, and the sender says
// what holds it back.

// Long enough that two sends fit in an "hour" even on a loaded machine, so both caps really bind.
const HOUR_MS = 3_000;
const DAY_MS = 9_000;
type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Stack;

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({
      flavor: 'head',
      conversations: 16,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
  ]);
  stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    outreach: { defaults: { pacing: { ...OPEN_PACING, hourMs: HOUR_MS, dayMs: DAY_MS } } },
    backend: 'postgres',
    // Every sender continues as new after each send, so every cap below also holds across runs.
    timing: { sendsPerRun: 1 },
  });
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

const names = () => sim.control.threads().map((t) => t.username);
const progress = (accountId: string): Promise<SenderProgress> =>
  env.client.workflow.getHandle(stack.senderId(accountId)).query(senderProgressQuery);
const sentTimes = async (accountId: string) =>
  (
    await stack.sb.sql.query<{ t: string }>(
      `select extract(epoch from sent_at) * 1000 as t from outreach_items where account_id = $1 and status = 'sent' order by sent_at`,
      [accountId],
    )
  ).map((r) => Number(r.t));
const inWindow = (times: number[], at: number, span: number) => times.filter((t) => at - span < t && t <= at).length;

async function seed(accountId: string, overrides: Parameters<Stack['account']>[1], count: number) {
  await stack.account(accountId, overrides);
  const people = names().slice(0, count);
  for (const p of people) await stack.contact(accountId, p);
  return stack.enqueue(
    accountId,
    people.map((p) => ({ username: p, text: `paced hello to ${p}` })),
  );
}

describe('pacing', () => {
  it('never exceeds a rolling cap, keeps the gap, and names the cap that holds it', async () => {
    const id = 'caps';
    await seed(id, { perHour: 2, perDay: 4, minGapMs: 100, maxGapMs: 200 }, 8);
    const seen = new Set<string>();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await sentTimes(id)).length < 5) {
      const p = await progress(id).catch(() => null);
      if (p?.blockedBy) seen.add(p.blockedBy);
      await new Promise((r) => setTimeout(r, 50));
    }
    const times = await sentTimes(id);
    assert.ok(times.length >= 5, `only ${times.length} sent in 15 s of scaled time`);
    for (const t of times) {
      assert.ok(inWindow(times, t, HOUR_MS) <= 2, `hourly cap exceeded at ${t}`);
      assert.ok(inWindow(times, t, DAY_MS) <= 4, `daily cap exceeded at ${t}`);
    }
    for (let i = 1; i < times.length; i++)
      assert.ok(times[i]! - times[i - 1]! >= 100, `gap of ${times[i]! - times[i - 1]!} ms`);
    assert.ok(
      seen.has('hourly_cap') && seen.has('daily_cap'),
      `saw ${[...seen].join(', ')}; sends at ${times.map((t) => t - times[0]!).join(', ')}`,
    );
  });

  it('sends nothing outside the active hours, says when they open, and sends once they do', async () => {
    const id = 'window';
    const hour = new Date().getUTCHours();
    const start = (hour + 2) % 24;
    const [item] = await seed(id, { timeZone: 'UTC', activeStartHour: start, activeEndHour: start + 1 }, 1);
    const waiting = await eventually(
      () => progress(id).catch(() => null),
      (p) => p?.blockedBy === 'window',
      'the window to block',
    );
    const opens = new Date(waiting!.nextSendAt!);
    assert.deepEqual([opens.getUTCHours(), opens.getUTCMinutes()], [start, 0]);
    assert.ok(opens.getTime() > Date.now());
    assert.match(waiting!.explanation, new RegExp(`outside active hours ${start}:00–${start + 1}:00 UTC`));
    assert.equal((await stack.statuses(id)).get(item!.id), 'queued');
    await stack.deps.accounts.update(id, { activeStartHour: 0, activeEndHour: 24 });
    await env.client.workflow.getHandle(stack.senderId(id)).signal(settingsChangedSignal, { reason: 'hours changed' });
    await eventually(
      () => stack.statuses(id),
      (m) => m.get(item!.id) === 'sent',
      'the DM once the hours include now',
    );
  });

  it('caps hold across fresh senders: sends recorded before a sender started count, and nothing goes over', async () => {
    const id = 'fresh-caps';
    const people = names().slice(0, 6);
    await seed(id, { perHour: 3, perDay: 4, minGapMs: 0, maxGapMs: 0 }, 2);
    await eventually(
      () => sentTimes(id),
      (t) => t.length === 2,
      'the first two sends',
    );
    // Idle (nothing queued) before it is ended: a sender ended while it holds the Safari turn would
    // keep the host waiting for the turn to expire.
    await eventually(
      () => progress(id).catch(() => null),
      (p) => p?.blockedBy === 'empty',
      'the sender to be idle',
    );
    const sender = () => env.client.workflow.getHandle(stack.senderId(id));
    // A sender that starts over knows nothing of the sends before it (no carry, unlike a worker
    // restart or a continue-as-new, which keep it; every test here continues as new after each send): only the database does.
    await sender().terminate('starting over, as after a lost run');
    for (const p of people.slice(2)) await stack.contact(id, p);
    await stack.enqueue(
      id,
      people.slice(2).map((p) => ({ username: p, text: `after a fresh start, to ${p}` })),
    );
    const held = await eventually(
      () => progress(id).catch(() => null),
      (p) => p?.blockedBy === 'hourly_cap' || p?.blockedBy === 'daily_cap',
      'a cap to hold the fresh sender',
    );
    if (held!.blockedBy === 'hourly_cap')
      assert.equal(held!.sentLastHour, 3, 'the cap counted with the sends before the fresh start');
    else assert.equal(held!.sentLastDay, 4, 'the day cap counted with the sends before the fresh start');
    await eventually(
      () => progress(id).catch(() => null),
      (p) => p?.blockedBy === 'daily_cap',
      'the daily cap',
      20_000,
    );
    await sender().terminate('starting over at the daily cap');
    await stack.gateway.signalWithStart(dmSenderContract, stack.settings.senderInput(id), queueChangedSignal, {
      reason: 'a fresh start',
    });
    await eventually(
      () => progress(id).catch(() => null),
      (p) => p?.blockedBy === 'daily_cap',
      'a third sender to see the daily cap',
    );
    const times = await sentTimes(id);
    for (const t of times) {
      assert.ok(
        inWindow(times, t, HOUR_MS) <= 3,
        `hourly cap exceeded at ${t}: ${times.map((x) => x - times[0]!).join(', ')}`,
      );
      assert.ok(
        inWindow(times, t, DAY_MS) <= 4,
        `daily cap exceeded at ${t}: ${times.map((x) => x - times[0]!).join(', ')}`,
      );
    }
  });

  it('a warm-up ramp caps the first day lower than the daily cap', async () => {
    const id = 'ramp';
    await seed(id, { rampStartPerDay: 2, rampStepPerDay: 0, perDay: 10 }, 4);
    const held = await eventually(
      () => progress(id).catch(() => null),
      (p) => p?.blockedBy === 'ramp',
      'the ramp to hold',
    );
    assert.equal(held!.dayCap, 2);
    assert.equal((await sentTimes(id)).length, 2);
    assert.match(held!.explanation, /warm-up cap 2\/2 reached/);
  });
});
