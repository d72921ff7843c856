import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { followUpsContract } from '../../src/contracts/catalogue';
import { followUpsWorkflowId, type FollowUpsProgress } from '../../src/contracts/follow-ups';
import { queueFollowUp } from '../../src/app/follow-ups/queue-follow-up';
import type { ActionLane } from '../../src/domain/types';
import { VIDEO_FOLLOW_UP_TEMPLATES } from '../../src/domain/video-outreach-templates';
import { jsonBody, withKey } from '../helpers/api';
import { recordHistory } from '../helpers/histories';
import { eventually, startOutreachStack } from '../helpers/outreach-stack';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator, type Json } from '../simulator/sim-fixture';

// Issue 24 §1 against real parts (Temporal dev server, PostgREST over PostgreSQL, the Safari
// simulator, the real API): follow-ups wait their (scaled) time on durable timers, go without a
// new approval, and stop on a reply, an opt-out or a DELETE; a step goes once across a worker restart.

type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let mp: TestSupabase;
let stack: Stack;
let app: ReturnType<Stack['api']>['app'];

before(async () => {
  [env, sim, mp] = await Promise.all([
    startTestTemporal(),
    startSimulator({
      flavor: 'head',
      conversations: 12,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
    startTestSupabase('pglite', 'mediaposter'),
  ]);
  stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    backend: 'postgres',
    mediaPoster: mp,
    // A step's outcome signal is the fast path; a cancelled step is re-read this often. CRM_VIDEO_FOLLOW_UP, scaled.
    outreach: { followUpRecheckMs: 300, videoFollowUpMs: 1_000 },
  });
  app = stack.api().app;
});
after(async () => {
  await stack?.stop();
  await mp?.stop();
  await sim?.close();
  await env?.teardown();
});

// In MediaPoster's fixture: "How I automate my content calendar", posted at this URL.
const VIDEO = '6f1d2a10-0000-4000-8000-000000000006';
const VIDEO_URL = 'https://www.instagram.com/reel/C4aBc98ZyXw/';

let n = 0;
const people = () => sim.control.threads().map((t) => t.username);
const call = async (path: string, init: RequestInit = {}) => {
  const res = await app.request(path, withKey(init));
  return { status: res.status, body: (await res.json()) as Json };
};
const post = (path: string, body: unknown = {}) => call(path, jsonBody(body));
async function account(approvalMode: 'none' | 'all') {
  const id = `follow-${++n}`;
  const created = await post('/api/accounts', { id, safari_url: sim.url, approval_mode: approvalMode });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return id;
}
const itemOf = async (itemId: string) => (await call(`/api/outreach/queue/${itemId}`)).body.item;
const until = (itemId: string, status: string, timeoutMs?: number) =>
  eventually(
    () => itemOf(itemId),
    (i) => i.status === status,
    `item ${itemId} to be ${status}`,
    timeoutMs,
  );
/**
 * Timers a run has started and seen fire, and whether a worker took up the run since the first
 * fired: from its history, the server's record (read with no worker running).
 */
async function timersOf(workflowId: string) {
  const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const firedAt = events.findIndex((e) => e.timerFiredEventAttributes);
  return {
    started: events.filter((e) => e.timerStartedEventAttributes).length,
    fired: events.filter((e) => e.timerFiredEventAttributes).length,
    takenUpSince: firedAt < 0 ? 0 : events.slice(firedAt).filter((e) => e.workflowTaskStartedEventAttributes).length,
  };
}
/** The plan's run once it has ended (bounded), with what it reports. */
async function planEnded(accountId: string, firstItemId: string, timeoutMs = 20_000): Promise<FollowUpsProgress> {
  const id = followUpsWorkflowId(accountId, firstItemId);
  const state = await eventually(
    () => stack.gateway.describe(id, followUpsContract),
    (s) => s?.status === 'COMPLETED',
    `the follow-ups of ${firstItemId} to end`,
    timeoutMs,
  );
  return (state as { result: FollowUpsProgress }).result;
}
const stepsOf = (firstItemId: string) =>
  stack.sb.sql.query<{ id: string; step: number; parent_item_id: string; status: string; text: string; ms: number }>(
    `with recursive chain as (
       select * from outreach_items where parent_item_id = $1
       union all select o.* from outreach_items o join chain c on o.parent_item_id = c.id)
     select c.id, c.step, c.parent_item_id, c.status, c.text,
       (extract(epoch from c.sent_at - p.sent_at) * 1000)::int as ms
     from chain c join outreach_items p on p.id = c.parent_item_id order by c.step`,
    [firstItemId],
  );
async function replyFrom(accountId: string, username: string, text: string) {
  await stack.sb.sql.query(
    `insert into conversations (account_id, contact_id) select account_id, id from contacts
     where account_id = $1 and username = $2 on conflict do nothing`,
    [accountId, username],
  );
  await stack.sb.sql.query(
    `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound)
     select v.account_id, v.id, v.contact_id, 1, $3, false from conversations v join contacts k on k.id = v.contact_id
     where k.account_id = $1 and k.username = $2`,
    [accountId, username, text],
  );
}

describe('follow-ups', () => {
  it('refuses a plan it could not carry out, naming where, and queues nothing', async () => {
    const id = await account('none');
    const who = people()[7]!;
    const base = { accountId: id, username: who, text: 'hello', campaign: 'c' };
    const refused = async (body: object) => {
      const r = await post('/api/outreach/queue', body);
      return [r.status, r.body.error.code, JSON.stringify(r.body.error.details ?? null)];
    };
    const step = { after: '1d', text: 'x' };
    const [status, code, details] = await refused({
      ...base,
      follow_ups: [{ after: '1d', template: 'hi {{nickname}}' }],
    });
    assert.deepEqual([status, code], [400, 'VALIDATION_FAILED']);
    assert.match(details, /"path":"follow_ups\.0"/, details);
    assert.deepEqual((await refused({ ...base, follow_ups: [{ after: 'soon', text: 'x' }] })).slice(0, 2), [
      400,
      'VALIDATION_FAILED',
    ]);
    assert.deepEqual((await refused({ ...base, follow_ups: [step, step, step, step] })).slice(0, 2), [
      400,
      'VALIDATION_FAILED',
    ]);
    const { campaign: _none, ...noCampaign } = base;
    assert.deepEqual((await refused({ ...noCampaign, follow_ups: [step] })).slice(0, 2), [400, 'VALIDATION_FAILED']);
    const rows = await stack.sb.sql.query(`select 1 from outreach_items where account_id = $1`, [id]);
    assert.equal(rows.length, 0);
  });

  it('sends each step after its wait, without a new approval, and shows what each waits for', async () => {
    const id = await account('all');
    const who = people()[0]!;
    const queued = await post('/api/outreach/queue', {
      accountId: id,
      username: who,
      text: 'launch day!',
      campaign: 'launch',
      follow_ups: [
        { after: '2s', text: 'did you get a chance to look?' },
        { after: '1s', template: 'last nudge, {{first_name|friend}}' },
      ],
    });
    assert.equal(queued.status, 201, JSON.stringify(queued.body));
    const first = queued.body.message;
    assert.equal(first.status, 'awaiting_approval');
    assert.deepEqual(
      first.follow_ups.map((s: Json) => [s.step, s.after, s.waiting_for, s.due_at]),
      [
        [1, '2s', 'first_dm', null],
        [2, '1s', 'previous_step', null],
      ],
    );
    assert.equal((await post(`/api/outreach/queue/${first.id}/approve`)).status, 200);
    const sent = await until(first.id, 'sent');
    assert.equal(sent.follow_ups[0].waiting_for, 'timer');
    assert.equal(Date.parse(sent.follow_ups[0].due_at), Date.parse(sent.sent_at) + 2_000, 'due 2s after it was sent');

    const ended = await planEnded(id, first.id);
    assert.equal(ended.stopped, 'plan_done');
    const steps = await stepsOf(first.id);
    assert.deepEqual(
      steps.map((s) => [s.step, s.status, s.text]),
      [
        [1, 'sent', 'did you get a chance to look?'],
        [2, 'sent', 'last nudge, friend'],
      ],
    );
    assert.deepEqual(ended.sent, [steps[0]!.id, steps[1]!.id]);
    assert.equal(steps[0]!.parent_item_id, first.id);
    assert.ok(steps[0]!.ms >= 2_000, `step 1 went ${steps[0]!.ms} ms after the first DM, not before its 2s`);
    assert.ok(steps[1]!.ms >= 1_000, `step 2 went ${steps[1]!.ms} ms after step 1, not before its 1s`);
    const step1 = await itemOf(steps[0]!.id);
    assert.deepEqual([step1.step, step1.parent_item_id, step1.approved_at], [1, first.id, null], 'no new approval');
    assert.equal(sim.control.sentCount(who, 'did you get a chance to look?'), 1);
    assert.equal(sim.control.sentCount(who, 'last nudge, friend'), 1);
    await recordHistory('follow-ups-two-steps', env.client.workflow.getHandle(followUpsWorkflowId(id, first.id)));
  });

  it('sends nothing more after a reply or an opt-out since the first DM', async () => {
    const id = await account('none');
    const [replier, leaver] = people().slice(1, 3) as [string, string];
    const q = await post('/api/outreach/queue', {
      accountId: id,
      items: [replier, leaver].map((username) => ({
        username,
        text: `hi ${username}`,
        campaign: 'spring',
        // Long enough that the reply and the opt-out below are stored before the step is due, even on
        // a loaded machine (with 2 s the step was once queued first, then rightly skipped at send).
        follow_ups: [{ after: '8s', text: 'following up' }],
      })),
    });
    const [a, b] = q.body.messages.map((m: Json) => m.id as string) as [string, string];
    await Promise.all([until(a, 'sent'), until(b, 'sent')]);
    await replyFrom(id, replier, 'thanks, will look');
    await stack.sb.sql.query(`update contacts set opted_out = true where account_id = $1 and username = $2`, [
      id,
      leaver,
    ]);
    assert.equal((await planEnded(id, a)).stopped, 'replied');
    assert.equal((await planEnded(id, b)).stopped, 'opted_out');
    assert.deepEqual([...(await stepsOf(a)), ...(await stepsOf(b))], [], 'no step was queued');
    assert.equal(sim.control.sentCount(replier, 'following up') + sim.control.sentCount(leaver, 'following up'), 0);
  });

  it('DELETE of a sent first DM calls off the steps still to come; of a queued one, the whole plan', async () => {
    const id = await account('none');
    const [sentTo, heldFor] = people().slice(3, 5) as [string, string];
    const sent = (
      await post('/api/outreach/queue', {
        accountId: id,
        username: sentTo,
        text: 'welcome aboard',
        campaign: 'onboarding',
        follow_ups: [{ after: '3s', text: 'how is it going?' }],
      })
    ).body.message;
    await until(sent.id, 'sent');
    const removed = await call(`/api/outreach/queue/${sent.id}`, { method: 'DELETE' });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.deepEqual([removed.body.removed, removed.body.follow_ups_cancelled], [false, true]);
    assert.equal((await planEnded(id, sent.id)).stopped, 'cancelled');
    const run = await call(`/api/workflows/${followUpsWorkflowId(id, sent.id)}`);
    assert.deepEqual([run.status, run.body.status, run.body.result?.stopped], [200, 'COMPLETED', 'cancelled']);
    await recordHistory('follow-ups-cancelled', env.client.workflow.getHandle(followUpsWorkflowId(id, sent.id)));
    const again = await call(`/api/outreach/queue/${sent.id}`, { method: 'DELETE' });
    assert.equal(again.status, 409, 'nothing is left to call off');

    await call(`/api/outreach/pause`, jsonBody({ accountId: id, reason: 'hold the queue' }));
    const held = (
      await post('/api/outreach/queue', {
        accountId: id,
        username: heldFor,
        text: 'welcome aboard',
        campaign: 'onboarding',
        follow_ups: [{ after: '1s', text: 'how is it going?' }],
      })
    ).body.message;
    assert.equal((await call(`/api/outreach/queue/${held.id}`, { method: 'DELETE' })).body.removed, true);
    await post('/api/outreach/resume', { accountId: id });
    assert.equal((await itemOf(held.id)).follow_ups[0].waiting_for, 'stopped');
    assert.equal(await stack.gateway.describe(followUpsWorkflowId(id, held.id)), null, 'no plan ever started');
    assert.equal(
      sim.control.sentCount(sentTo, 'how is it going?') + sim.control.sentCount(heldFor, 'how is it going?'),
      0,
    );
  });

  it('DELETE of a sent first DM before its run has started opens the run already cancelled; the late start runs nothing', async () => {
    const id = await account('none');
    const who = people()[9]!;
    const first = (
      await post('/api/outreach/queue', {
        accountId: id,
        username: who,
        text: 'hi from the race',
        campaign: 'race',
        scheduled_at: '2099-01-01T00:00:00Z',
        follow_ups: [{ after: '1s', text: 'a step that must not go' }],
      })
    ).body.message;
    // Sent, as the sender's move leaves it, but settle has not started the plan's run yet.
    await stack.sb.sql.query(`update outreach_items set status = 'sent', sent_at = now() where id = $1`, [first.id]);
    const removed = await call(`/api/outreach/queue/${first.id}`, { method: 'DELETE' });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.deepEqual([removed.body.removed, removed.body.follow_ups_cancelled], [false, true]);
    assert.equal((await planEnded(id, first.id)).stopped, 'cancelled');
    await stack.deps.followUps.startFollowUps(id, first.id); // settle's start, arriving late
    await new Promise((r) => setTimeout(r, 2_500)); // past the step's 1s
    assert.equal((await planEnded(id, first.id)).stopped, 'cancelled', 'the finished run is not run again');
    assert.deepEqual(await stepsOf(first.id), [], 'no step was queued');
    const again = await call(`/api/outreach/queue/${first.id}`, { method: 'DELETE' });
    assert.equal(again.status, 409, 'nothing is left to call off');
  });

  it('DELETE of a queued step cancels it and ends the plan: no later step goes', async () => {
    const id = await account('none');
    const who = people()[8]!;
    const first = (
      await post('/api/outreach/queue', {
        accountId: id,
        username: who,
        text: 'course starts monday',
        campaign: 'course',
        follow_ups: [
          { after: '1s', text: 'see you monday?' },
          { after: '1s', text: 'we started!' },
        ],
      })
    ).body.message;
    await until(first.id, 'sent');
    // Paused, the sender keeps step 1 in the queue once the plan has queued it.
    await post('/api/outreach/pause', { accountId: id, reason: 'hold step 1' });
    const [step1] = await eventually(
      () => stepsOf(first.id),
      (rows) => rows.length === 1,
      'step 1 to be queued',
    );
    assert.equal(step1!.status, 'queued');
    const removed = await call(`/api/outreach/queue/${step1!.id}`, { method: 'DELETE' });
    assert.deepEqual([removed.status, removed.body.removed], [200, true]);
    assert.equal((await planEnded(id, first.id)).stopped, 'cancelled');
    await post('/api/outreach/resume', { accountId: id });
    assert.deepEqual(
      (await stepsOf(first.id)).map((s) => [s.step, s.status]),
      [[1, 'cancelled']],
      'step 2 was never queued',
    );
    assert.equal(sim.control.sentCount(who, 'see you monday?') + sim.control.sentCount(who, 'we started!'), 0);
  });

  it('a step comes due while no worker runs and goes once when one is back; a repeated queueing finds it', async () => {
    // Bounded waits long enough for two cores shared with other test files: each fails naming what it waited for.
    const LOADED_MS = 90_000;
    // Time enough for the worker to be stopped before the step comes due, even on a loaded machine.
    const AFTER = '8s';
    const id = await account('none');
    const who = people()[5]!;
    const first = (
      await post('/api/outreach/queue', {
        accountId: id,
        username: who,
        text: 'new video is up',
        campaign: 'restart',
        follow_ups: [{ after: AFTER, text: 'one more thing' }],
      })
    ).body.message;
    await until(first.id, 'sent', LOADED_MS);
    const wfId = followUpsWorkflowId(id, first.id);
    await eventually(
      () => stack.gateway.describe(wfId, followUpsContract),
      (s) => s?.status === 'RUNNING' && (s.progress as FollowUpsProgress | null)?.phase === 'waiting',
      'the plan to wait for step 1',
      LOADED_MS,
    );
    await eventually(
      () => timersOf(wfId),
      (t) => t.started === 1,
      "step 1's timer to start",
      LOADED_MS,
    );
    await stack.stopWorker();
    // What follows proves something only if the step was not yet due when the worker went away.
    assert.deepEqual(
      await timersOf(wfId),
      { started: 1, fired: 0, takenUpSince: 0 },
      `the worker stopped before step 1 (${AFTER}) came due`,
    );
    // The step comes due with no worker at all: the timer is Temporal's, not a process's. Its firing
    // is in the history, and with no worker nothing can act on it.
    const due = await eventually(
      () => timersOf(wfId),
      (t) => t.fired === 1,
      "step 1's timer to fire with no worker",
      LOADED_MS,
    );
    assert.equal(due.takenUpSince, 0, 'no worker took the run up once the step was due');
    assert.deepEqual(await stepsOf(first.id), [], 'nothing is queued while no worker runs');
    await stack.addWorker();
    const ended = await planEnded(id, first.id, LOADED_MS);
    assert.equal(ended.stopped, 'plan_done');
    const [step] = await stepsOf(first.id);
    assert.equal(step?.status, 'sent');

    const repeat = await queueFollowUp(stack.deps, {
      accountId: id,
      firstItemId: first.id,
      step: 1,
      previousItemId: first.id,
      workflowId: wfId,
    });
    assert.deepEqual(repeat.kind === 'queued' && [repeat.outcome.itemId, repeat.outcome.status], [step.id, 'sent']);
    const rows = await stack.sb.sql.query<{ n: number }>(
      `select count(*)::int as n from outreach_items where account_id = $1 and step = 1`,
      [id],
    );
    assert.equal(rows[0]!.n, 1, 'one ledger row for the step');
    assert.equal(sim.control.sentCount(who, 'one more thing'), 1, 'sent once');
  });

  it("a video's DM carries CRM_VIDEO_FOLLOW_UP's step in its lane's voice, rendered with the video when due", async () => {
    const id = await account('none');
    const who = people()[6]!;
    await stack.sb.sql.query(
      `insert into contacts (account_id, username, what_theyre_building, relationship_score, total_messages_received)
       values ($1, $2, 'automation for my studio', 80, 1)`,
      [id, who],
    );
    const started = await call(`/api/mediaposter/videos/${VIDEO}/outreach?accountId=${id}`, { method: 'POST' });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const [first] = await eventually(
      () =>
        stack.sb.sql.query<{ id: string }>(`select id from outreach_items where account_id = $1 and step = 0`, [id]),
      (rows) => rows.length === 1,
      "the video's DM to be queued",
    );
    const queued = await until(first!.id, 'sent');
    assert.deepEqual(
      queued.follow_ups.map((s: Json) => [s.after, s.template]),
      [['1s', VIDEO_FOLLOW_UP_TEMPLATES[queued.template.replace('video:', '') as ActionLane]]],
    );
    assert.equal((await planEnded(id, first!.id)).stopped, 'plan_done');
    const [step] = await stepsOf(first!.id);
    assert.equal(step?.status, 'sent');
    assert.ok(step.text.includes(VIDEO_URL) && !/\{\{|undefined|null/.test(step.text), step.text);
    assert.equal(sim.control.sentCount(who, step.text), 1);
  });
});
