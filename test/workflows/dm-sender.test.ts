import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { resumeAccount } from '../../src/app/accounts/account-pause';
import { decideItem } from '../../src/app/outreach/queue-decisions';
import { dmSenderContract } from '../../src/contracts/catalogue';
import { senderProgressQuery } from '../../src/contracts/sender';
import { queueChangedSignal, settingsChangedSignal } from '../../src/contracts/sender';
import { recordHistory } from '../helpers/histories';
import { eventually, startOutreachStack } from '../helpers/outreach-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// The DM sender against the HEAD simulator with faults scripted: every Safari answer handled as the
// send-safety rules say, and every intended DM in the simulator's ledger exactly once.

type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Stack;
const SEND = '/api/messages/send-to';
const READ = '/api/messages';
const PAUSE_MS = 4_000;

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({
      flavor: 'head',
      conversations: 12,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
  ]);
  // A block pauses an account for 4 s here (CRM_PAUSE_ON_BLOCK_MS scaled down).
  stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    backend: 'postgres',
    outreach: { pauseOnBlockMs: PAUSE_MS },
  });
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});
beforeEach(() => sim.control.clearFaults());

const people = () => sim.control.threads().map((t) => t.username);
let accounts = 0;
/** A fresh account per test, with its contacts (handles the simulator knows). */
async function setup(n: number) {
  const accountId = `acct-${++accounts}`;
  await stack.account(accountId);
  const names = people().slice(0, n);
  for (const name of names) await stack.contact(accountId, name);
  return { accountId, names };
}
const settled = (accountId: string, n: number) =>
  eventually(
    () => stack.statuses(accountId),
    (m) => [...m.values()].filter((s) => !['queued', 'sending'].includes(s)).length >= n,
    `${n} items settled`,
  );
const wake = (accountId: string) =>
  env.client.workflow.getHandle(stack.senderId(accountId)).signal(queueChangedSignal, { reason: 'test' });
const progress = (accountId: string) =>
  env.client.workflow.getHandle(stack.senderId(accountId)).query(senderProgressQuery);

describe('dmSender', () => {
  it('sends every queued item once, highest priority first, and records each as a message', async () => {
    const { accountId, names } = await setup(3);
    const items = await stack.enqueue(
      accountId,
      names.map((n, i) => ({ username: n, text: `hello ${n}`, priority: i * 10 })),
    );
    await settled(accountId, 3);
    assert.deepEqual([...(await stack.statuses(accountId)).values()], ['sent', 'sent', 'sent']);
    const order = sim.control
      .sends()
      .filter((s) => names.includes(s.username))
      .map((s) => s.username);
    assert.deepEqual(order, [...names].reverse(), 'priority 20 before 10 before 0');
    for (const n of names) assert.equal(sim.control.sentCount(n, `hello ${n}`), 1);
    const stored = await stack.sb.sql.query<{ n: string }>(
      `select count(*) as n from messages where outreach_item_id = any($1::uuid[]) and is_outbound and sent_by_automation`,
      [items.map((i) => i.id)],
    );
    assert.equal(Number(stored[0]!.n), 3);
    const events = await stack.sb.sql.query<{ type: string }>(
      `select type from event_outbox where account_id = $1 order by seq`,
      [accountId],
    );
    const count = (t: string) => events.filter((e) => e.type === t).length;
    assert.deepEqual([count('outreach.queued'), count('message.sent'), count('outreach.sent')], [3, 3, 3]);
    const idle = await eventually(
      () => progress(accountId),
      (p) => p.blockedBy === 'empty',
      'the sender to run out of items',
    );
    assert.equal(idle.explanation, 'nothing queued');
    assert.equal(idle.sentLastHour, 3);
    await recordHistory('dm-sender-three', env.client.workflow.getHandle(stack.senderId(accountId)));
  });

  it('a send that went out but timed out, on every send, is found in the thread and never sent again', async () => {
    const { accountId, names } = await setup(3);
    sim.control.scriptFaults(SEND, ['send_then_timeout', 'send_then_timeout', 'send_then_timeout']);
    await stack.enqueue(
      accountId,
      names.map((n) => ({ username: n, text: `timeout check for ${n}` })),
    );
    await settled(accountId, 3);
    assert.deepEqual([...(await stack.statuses(accountId)).values()], ['sent', 'sent', 'sent']);
    for (const n of names) assert.equal(sim.control.sentCount(n, `timeout check for ${n}`), 1, n);
    const outcomes = await stack.sb.sql.query<{ outcome: string }>(
      `select outcome from outreach_items where account_id = $1`,
      [accountId],
    );
    assert.ok(
      outcomes.every((o) => /found in the thread/.test(o.outcome)),
      JSON.stringify(outcomes),
    );
    await recordHistory('dm-sender-unanswered', env.client.workflow.getHandle(stack.senderId(accountId)));
  });

  it('a send that got no answer and landed after the first read-back is found by the second, and never sent again', async () => {
    const { accountId, names } = await setup(1);
    // The client gives up at 2 s; the server goes on typing and the DM lands 2.5 s later, after the
    // first read-back (a quiet 0.1 s after the timeout) found nothing, before the second (6 s after the send began).
    sim.control.scriptFaults(SEND, [{ kind: 'timeout_then_send', delayMs: 2_500 }]);
    const sendsBefore = sim.control.requests()[SEND] ?? 0;
    const [item] = await stack.enqueue(accountId, [{ username: names[0]!, text: 'this one lands late' }]);
    await settled(accountId, 1);
    // The sender has decided again since and found nothing to send: a second send would have been asked for by now.
    await eventually(
      () => progress(accountId),
      (p) => p.blockedBy === 'empty',
      'the sender to find its queue empty',
    );
    assert.equal((sim.control.requests()[SEND] ?? 0) - sendsBefore, 1, 'one send request reached Safari');
    assert.equal(
      sim.control.sentCount(names[0]!, 'this one lands late'),
      1,
      'sent once: the late landing was found, not sent again',
    );
    const [row] = await stack.sb.sql.query<{ status: string; outcome: string; soft_failures: number }>(
      `select status, outcome, soft_failures from outreach_items where id = $1`,
      [item!.id],
    );
    assert.equal(row!.status, 'sent');
    assert.equal(row!.soft_failures, 0);
    assert.match(row!.outcome, /landed late/);
    await recordHistory('dm-sender-late-landing', env.client.workflow.getHandle(stack.senderId(accountId)));
  });

  it('a send that got no answer and never landed is absent at both reads, goes back to the queue, and is sent exactly once', async () => {
    const { accountId, names } = await setup(1);
    sim.control.scriptFaults(SEND, ['timeout_no_send']);
    const before = sim.control.requests()[SEND] ?? 0;
    const [item] = await stack.enqueue(accountId, [{ username: names[0]!, text: 'absent twice, then sent' }]);
    await settled(accountId, 1);
    assert.equal(sim.control.sentCount(names[0]!, 'absent twice, then sent'), 1);
    assert.equal((sim.control.requests()[SEND] ?? 0) - before, 2, 'one unanswered send, one that went out');
    const [row] = await stack.sb.sql.query<{ status: string; soft_failures: number }>(
      `select status, soft_failures from outreach_items where id = $1`,
      [item!.id],
    );
    assert.deepEqual(row, { status: 'sent', soft_failures: 1 });
    const history = await stack.sb.sql.query<{ note: string }>(
      `select detail::text as note from outreach_item_events where item_id = $1 order by id`,
      [item!.id],
    );
    assert.ok(
      history.some((h) => /nor 6 s after the send began/.test(h.note)),
      JSON.stringify(history),
    );
  });

  it('a thread that cannot be read after an unanswered send: needs_review, never resent, and the sender moves on', async () => {
    const { accountId, names } = await setup(2);
    sim.control.scriptFaults(SEND, ['send_then_timeout']);
    sim.control.scriptFaults(READ, Array(12).fill('server_error'));
    const [unsure] = await stack.enqueue(accountId, [{ username: names[0]!, text: 'was this one read back?' }]);
    await eventually(
      () => stack.statuses(accountId),
      (m) => m.get(unsure!.id) === 'needs_review',
      'needs_review',
    );
    sim.control.clearFaults();
    const [next] = await stack.enqueue(accountId, [{ username: names[1]!, text: 'the next one goes' }]);
    await eventually(
      () => stack.statuses(accountId),
      (m) => m.get(next!.id) === 'sent',
      'the next item sent',
    );
    assert.equal((await stack.statuses(accountId)).get(unsure!.id), 'needs_review', 'still waiting for a person');
    assert.equal(
      sim.control.sentCount(names[0]!, 'was this one read back?'),
      1,
      'it went out once and was never sent again',
    );
  });

  it('a soft failure that did deliver (HEAD B2) is found in the thread; one that did not is sent again', async () => {
    const { accountId, names } = await setup(2);
    sim.control.scriptFaults(SEND, ['send_then_soft_failure', 'soft_failure', 'none']);
    await stack.enqueue(accountId, [{ username: names[0]!, text: 'delivered despite the answer' }]);
    await settled(accountId, 1);
    await stack.enqueue(accountId, [{ username: names[1]!, text: 'refused the first time' }]);
    await settled(accountId, 2);
    assert.equal(sim.control.sentCount(names[0]!, 'delivered despite the answer'), 1);
    assert.equal(sim.control.sentCount(names[1]!, 'refused the first time'), 1);
    const [item] = await stack.sb.sql.query<{ soft_failures: number; status: string }>(
      `select soft_failures, status from outreach_items where username = $1 and account_id = $2`,
      [names[1], accountId],
    );
    assert.deepEqual(item, { soft_failures: 1, status: 'sent' });
  });

  it('a handle Instagram does not know fails the item without a second try', async () => {
    const { accountId } = await setup(0);
    await stack.contact(accountId, 'nobody.here.at.all');
    await stack.enqueue(accountId, [{ username: 'nobody.here.at.all', text: 'hello?' }]);
    await settled(accountId, 1);
    const [row] = await stack.sb.sql.query<{ status: string; outcome: string; attempts: number }>(
      `select status, outcome, attempts from outreach_items where account_id = $1`,
      [accountId],
    );
    assert.deepEqual(row, { status: 'failed', outcome: 'NOT_FOUND', attempts: 1 });
    const types = (
      await stack.sb.sql.query<{ type: string }>(`select type from event_outbox where account_id = $1`, [accountId])
    ).map((e) => e.type);
    assert.ok(types.includes('message.failed') && types.includes('outreach.failed'));
  });

  it('a send the server made without checking its recipient (a row showing the handle as a name) is held for review, never resent, and holds the next DM to that contact until a person approves it', async () => {
    const { accountId, names } = await setup(1);
    // The handle has no profile (renamed, say), and someone else shows it as their display name.
    assert.equal(sim.control.addPerson({ username: 'impostor.x', displayName: 'old.handle' }), true);
    sim.control.addInbound('impostor.x', 'hey, it is me');
    await stack.contact(accountId, 'old.handle');
    const [doubted, checked] = await stack.enqueue(accountId, [
      { username: 'old.handle', text: 'for the old handle' },
      { username: names[0]!, text: 'for a checked profile' },
    ]);
    await settled(accountId, 2);
    const rows = await stack.sb.sql.query<{ id: string; status: string; outcome: string; last_error: string | null }>(
      `select id, status, outcome, last_error from outreach_items where account_id = $1`,
      [accountId],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    assert.deepEqual(
      [byId.get(doubted!.id)?.status, byId.get(doubted!.id)?.outcome],
      ['needs_review', 'UNVERIFIED_RECIPIENT'],
    );
    assert.match(byId.get(doubted!.id)?.last_error ?? '', /inbox strategy, recipient not checked/);
    assert.deepEqual([byId.get(checked!.id)?.status, byId.get(checked!.id)?.outcome], ['sent', 'OK']);
    // Why it is held: the simulator's inbox fallback delivered it to the impostor. Once, never again.
    assert.equal(sim.control.sentCount('impostor.x', 'for the old handle'), 1);
    const [stored] = await stack.sb.sql.query<{ n: string }>(
      `select count(*)::text as n from messages m join contacts c on c.id = m.contact_id where c.account_id = $1 and c.username = 'old.handle'`,
      [accountId],
    );
    assert.equal(stored!.n, '0', 'not stored as a message in the thread it was written for');

    // A later DM to the same contact (another campaign, another text) would take the same unchecked way.
    const [later, other] = await stack.enqueue(accountId, [
      { username: 'old.handle', text: 'a second campaign', kind: 'campaign', campaign: 'spring' },
      { username: names[0]!, text: 'a second checked one', kind: 'campaign', campaign: 'spring' },
    ]);
    await settled(accountId, 4);
    const held = (await stack.deps.outreach.get(later!.id))!.item;
    assert.deepEqual([held.status, held.outcome], ['awaiting_approval', 'recipient_unverified']);
    assert.match(held.lastError ?? '', /without a checked recipient/);
    assert.equal((await stack.statuses(accountId)).get(other!.id), 'sent', 'other contacts are not held');
    assert.equal(sim.control.sentCount('impostor.x', 'a second campaign'), 0, 'held before Safari was asked');

    // A person who has looked approves it: that approval is newer than the doubt, so it goes.
    await decideItem(
      { outreach: stack.deps.outreach, senders: { queueChanged: (a) => wake(a) }, now: Date.now },
      later!.id,
      'approve',
      'tester',
    );
    await eventually(
      () => stack.statuses(accountId),
      (m) => m.get(later!.id) !== 'queued' && m.get(later!.id) !== 'sending',
      'the approved DM to settle',
    );
    assert.equal(sim.control.sentCount('impostor.x', 'a second campaign'), 1, 'sent once, as approved');
  });

  it('an action block pauses the account and puts the item back; resuming sends it', async () => {
    const { accountId, names } = await setup(1);
    sim.control.scriptFaults(SEND, ['block_banner']);
    const [item] = await stack.enqueue(accountId, [{ username: names[0]!, text: 'after the block' }]);
    const paused = await eventually(
      () => progress(accountId),
      (p) => p.blockedBy === 'paused',
      'the account to pause',
    );
    assert.match(paused.explanation, /paused: action blocked or rate limited/);
    assert.equal((await stack.statuses(accountId)).get(item!.id), 'queued', 'back in the queue, not failed');
    assert.equal(sim.control.sentCount(names[0]!, 'after the block'), 0);
    await resumeAccount(stack.deps, (await stack.deps.accounts.get(accountId))!);
    await env.client.workflow.getHandle(stack.senderId(accountId)).signal(settingsChangedSignal, { reason: 'resumed' });
    await settled(accountId, 1);
    assert.equal(sim.control.sentCount(names[0]!, 'after the block'), 1);
  });

  it('a 429 pauses the account for CRM_PAUSE_ON_BLOCK_MS, nothing leaves meanwhile, and the pause ends by itself, each with its event', async () => {
    const { accountId, names } = await setup(1);
    sim.control.scriptFaults(SEND, ['rate_limit']);
    const [item] = await stack.enqueue(accountId, [{ username: names[0]!, text: 'after the pause runs out' }]);
    const paused = await eventually(
      () => stack.deps.accounts.get(accountId),
      (a) => a?.paused === true,
      'the account to pause',
    );
    const until = Date.parse(paused!.pausedUntil!);
    assert.ok(until - Date.parse(paused!.pausedAt!) >= PAUSE_MS - 100, 'paused for CRM_PAUSE_ON_BLOCK_MS');
    await eventually(
      () => stack.statuses(accountId),
      (m) => m.get(item!.id) === 'sent',
      'the DM once the pause ran out',
      20_000,
    );
    const [sent] = await stack.sb.sql.query<{ t: string }>(
      `select extract(epoch from sent_at) * 1000 as t from outreach_items where id = $1`,
      [item!.id],
    );
    assert.ok(Number(sent!.t) >= until, 'nothing left before the pause ended');
    assert.equal(sim.control.sentCount(names[0]!, 'after the pause runs out'), 1);
    assert.equal((await stack.deps.accounts.get(accountId))!.paused, false, 'the account says it is no longer paused');
    const events = await stack.sb.sql.query<{ type: string; payload: Record<string, unknown> }>(
      `select type, payload from event_outbox where entity_type = 'account' and entity_id = $1 order by seq`,
      [accountId],
    );
    assert.deepEqual(
      events.map((e) => [e.type, e.payload.by]),
      [
        ['account.paused', 'sender'],
        ['account.resumed', 'timer'],
      ],
    );
    assert.match(String(events[0]!.payload.reason), /RATE_LIMITED/);
  });

  it('no session: waits and retries with backoff, saying so, and sends once it is back', async () => {
    const { accountId, names } = await setup(1);
    sim.control.setSession(false);
    try {
      await stack.enqueue(accountId, [{ username: names[0]!, text: 'when the session is back' }]);
      await eventually(
        () => progress(accountId),
        (p) => p.blockedBy === 'session',
        'blockedBy session',
      );
      await eventually(
        () => Promise.resolve(sim.control.requests()[SEND] ?? 0),
        (n) => n >= 2,
        'a retry',
      );
    } finally {
      sim.control.setSession(true);
    }
    await settled(accountId, 1);
    assert.equal(sim.control.sentCount(names[0]!, 'when the session is back'), 1);
  });

  it("the Safari server's own closed hours: waits for them, and tries again when told things changed", async () => {
    const { accountId, names } = await setup(1);
    // The simulator's clock reads 12:00 server-local; its own window opens at 13:00.
    sim.control.setRateLimits({ activeHours: { start: 13, end: 21 } });
    try {
      const [item] = await stack.enqueue(accountId, [{ username: names[0]!, text: 'after the server opens' }]);
      const waiting = await eventually(
        () => progress(accountId),
        (p) => p.blockedBy === 'window',
        'the sender to wait for the server',
      );
      assert.match(waiting.explanation, /the Safari server's own hours/);
      // Its next full hour: the server's hour is the simulator's (12), its minutes are the wall clock's.
      const wait = Date.parse(waiting.nextSendAt!) - Date.now();
      assert.ok(wait > 30_000 && wait <= 60 * 60_000, `opens in ${wait} ms`);
      assert.equal((await stack.statuses(accountId)).get(item!.id), 'queued');
    } finally {
      sim.control.setRateLimits({ activeHours: null });
    }
    await env.client.workflow
      .getHandle(stack.senderId(accountId))
      .signal(settingsChangedSignal, { reason: 'hours changed' });
    await settled(accountId, 1);
    assert.equal(sim.control.sentCount(names[0]!, 'after the server opens'), 1);
  });

  it('a step that fails for good does not end the sender: it says so, backs off, and carries on once the cause is gone', async () => {
    const accountId = 'not-yet-an-account';
    await stack.gateway.signalWithStart(dmSenderContract, stack.settings.senderInput(accountId), queueChangedSignal, {
      reason: 'test',
    });
    const failing = await eventually(
      () => progress(accountId).catch(() => null),
      (p) => /a step failed/.test(p?.explanation ?? ''),
      'the failure to show',
    );
    assert.match(failing!.explanation, /no account not-yet-an-account/);
    await stack.account(accountId);
    const recovered = await eventually(
      () => progress(accountId),
      (p) => p.blockedBy === 'empty',
      'the sender to recover',
      30_000,
    );
    assert.equal(recovered.state, 'waiting');
  });
});
