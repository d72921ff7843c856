import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mediaPosterWatchInput, videoOutreachInput } from '../../src/temporal/workflow-inputs';
import { mediaPosterWatchContract } from '../../src/contracts/catalogue';
import { videoPostedOutreachContract } from '../../src/contracts/catalogue';
import { withKey } from '../helpers/api';
import { recordHistory } from '../helpers/histories';
import { startDmWorld } from '../helpers/dm-world';
import { eventually, type startOutreachStack } from '../helpers/outreach-stack';
import type { TestSupabase } from '../helpers/supabase';
import { TEST_ENV } from '../helpers/test-env';
import type { Json, startSimulator } from '../simulator/sim-fixture';

// A posted MediaPoster video turned into DMs, against the real parts: the API, Temporal with the
// real worker, the CRM and MediaPoster data APIs (MediaPoster's fixture) and the Safari simulator.
// Pacing is scaled down (a 1.5 s gap), never turned off.

type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let mp: TestSupabase;
let stack: Stack;
let api: ReturnType<Stack['api']>;
let world: Awaited<ReturnType<typeof startDmWorld>>;
const ACCOUNT = 'main';
const GAP_MS = 1_500;
const VIDEO = '6f1d2a10-0000-4000-8000-000000000006'; // "How I automate my content calendar": automation, productivity, content strategy
const VIDEO_URL = 'https://www.instagram.com/reel/C4aBc98ZyXw/';

before(async () => {
  world = await startDmWorld(ACCOUNT);
  ({ env, sim, mp, stack, api } = world);
  await stack.account(ACCOUNT, { minGapMs: GAP_MS, maxGapMs: GAP_MS });
});
after(async () => {
  await world?.stop();
});

const call = async (path: string, init: RequestInit = {}) => {
  const res = await api.app.request(path, withKey(init));
  return { status: res.status, body: (await res.json()) as Json };
};
const signed = async (data: unknown) => {
  const body = JSON.stringify(data);
  const signature = createHmac('sha256', TEST_ENV.WEBHOOK_SECRET!).update(body).digest('hex');
  const res = await api.app.request('/api/incoming/mediaposter', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-webhook-signature': signature },
  });
  return { status: res.status, body: (await res.json()) as Json };
};
const finished = (workflowId: string) =>
  eventually(
    () => call(`/api/workflows/${workflowId}`),
    (r) => r.body.status === 'COMPLETED' || r.body.status === 'FAILED',
    `${workflowId} to finish`,
    60_000,
  );
const runIdOf = async (workflowId: string) => (await env.client.workflow.getHandle(workflowId).describe()).runId;

/** A contact of `account` with what the match reads; returns its id. */
async function contact(
  account: string,
  username: string,
  f: { building?: string; tags?: string[]; optedOut?: boolean; score?: number },
) {
  const [row] = await stack.sb.sql.query<{ id: string }>(
    `insert into contacts (account_id, username, what_theyre_building, tags, opted_out, relationship_score, total_messages_received)
     values ($1, $2, $3, $4, $5, $6, 1) returning id`,
    [account, username, f.building ?? null, f.tags ?? [], f.optedOut ?? false, f.score ?? null],
  );
  return row!.id;
}
/** A message in the contact's thread, observed now (as a sync would store it), with Instagram's time if given. */
async function message(contactId: string, text: string, outbound: boolean, sentAt: string | null = null) {
  await stack.sb.sql.query(
    `with c as (insert into conversations (account_id, contact_id, message_count) select account_id, id, 1 from contacts where id = $1 returning id, account_id, contact_id)
     insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound, sent_at)
     select account_id, id, contact_id, 0, $2, $3, $4 from c`,
    [contactId, text, outbound, sentAt],
  );
}

describe('videoPostedOutreach', () => {
  it('previews, then DMs each matched contact once with the real URL, best first and paced; a reply before their turn skips them', async () => {
    const [a, b, c, r, o, k, u] = sim.control.threads().map((t) => t.username);
    await contact(ACCOUNT, a!, { building: 'automation for my studio', score: 80 });
    await contact(ACCOUNT, b!, { building: 'a content strategy agency', score: 60 });
    await contact(ACCOUNT, c!, { tags: ['productivity'], score: 50 });
    const replier = await contact(ACCOUNT, r!, { tags: ['Productivity'], score: 10 });
    await contact(ACCOUNT, o!, { building: 'automation tools', optedOut: true });
    // Our DM of yesterday, as Instagram dates it: inside the 7-day cooldown (an untimed one in a
    // thread's first read is history of unknown age and would not count: src/domain/last-contacted.ts).
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await message(await contact(ACCOUNT, k!, { building: 'automation consulting' }), 'great talking', true, yesterday);
    await contact(ACCOUNT, u!, { building: 'a sourdough bakery' });

    const preview = await call(`/api/mediaposter/videos/${VIDEO}/audience`, { method: 'POST' });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.deepEqual(
      preview.body.chosen.map((m: Json) => m.username),
      [a, b, c, r],
      'best first: score, then relationship score',
    );
    assert.deepEqual(
      new Map(preview.body.excluded.map((m: Json) => [m.username, m.excluded])),
      new Map([
        [o, 'opted_out'],
        [k, 'cooldown'],
      ]),
    );
    assert.deepEqual(preview.body.counts.skipped, { below_min_score: 1, opted_out: 1, cooldown: 1 });
    for (const m of preview.body.chosen)
      assert.ok(m.message.includes(VIDEO_URL) && !/\{\{|undefined|null/.test(m.message), m.message);
    assert.equal(preview.body.chosen[0].reasons[0].source, 'building');
    assert.equal(
      Number((await stack.sb.sql.query<{ n: string }>('select count(*) as n from outreach_items'))[0]!.n),
      0,
      'a preview queues nothing',
    );

    const started = await call(`/api/mediaposter/videos/${VIDEO}/outreach`, { method: 'POST' });
    assert.equal(started.status, 202);
    const summary = (await finished(started.body.workflowId)).body.result;
    assert.deepEqual(
      [summary.outcome, summary.matched, summary.queued, summary.skipped],
      ['queued', 6, 4, { below_min_score: 1, opted_out: 1, cooldown: 1 }],
    );
    await recordHistory('video-outreach-queued', env.client.workflow.getHandle(started.body.workflowId));

    await eventually(
      async () => sim.control.sentCount(a!, preview.body.chosen[0].message),
      (n) => n === 1,
      'the first DM',
    );
    await message(replier, 'oh nice, saw your post already', false);
    const replierItem = summary.items.find((i: Json) => i.username === r).itemId;
    await eventually(
      () => call(`/api/outreach/queue/${replierItem}`),
      (res) => res.body.item.status === 'skipped',
      'the replier to be skipped',
      30_000,
    );

    const sends = sim.control.sends().filter((s) => s.text.includes(VIDEO_URL));
    assert.deepEqual(
      sends.map((s) => s.username),
      [a, b, c],
      'each matched contact once, in order; the replier never',
    );
    for (const m of preview.body.chosen.slice(0, 3)) assert.equal(sim.control.sentCount(m.username, m.message), 1);
    const sentAt = await stack.sb.sql.query<{ ms: number }>(
      `select extract(epoch from sent_at) * 1000 as ms from outreach_items where campaign = $1 and status = 'sent' order by sent_at`,
      [`video:${VIDEO}`],
    );
    for (let i = 1; i < sentAt.length; i++)
      assert.ok(
        Number(sentAt[i]!.ms) - Number(sentAt[i - 1]!.ms) >= GAP_MS - 5,
        'paced: the gap between two DMs holds',
      );
    const again = await call(`/api/mediaposter/videos/${VIDEO}/outreach`, { method: 'POST' });
    assert.equal(again.body.runId, started.body.runId, 'asked again: the finished run is reported, not repeated');
  });

  it('sends nothing outside the active window: the campaign waits until it opens', async () => {
    const night = 'night';
    const hour = new Date().getUTCHours();
    const start = (hour + 2) % 24;
    await stack.account(night, { activeStartHour: start, activeEndHour: start + 1, minGapMs: 0, maxGapMs: 0 });
    const username = sim.control.threads()[8]!.username;
    await contact(night, username, { tags: ['automation'] });
    const input = videoOutreachInput(api.config, { accountId: night, videoId: VIDEO, trigger: 'api' });
    const run = await stack.gateway.start(videoPostedOutreachContract, input);
    assert.equal((await finished(run.workflowId)).body.result.queued, 1);
    const pacing = async () =>
      (await call(`/api/outreach/queue?accountId=${night}`)).body.pacing.find((p: Json) => p.accountId === night);
    await eventually(pacing, (p) => p.blockedBy === 'window', 'the sender to wait for the window');
    assert.equal(sim.control.sends().filter((s) => s.username === username).length, 0, 'nothing went out while closed');
    const opened = await call(`/api/accounts/${night}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ active_hours_start: 0, active_hours_end: 24 }),
    });
    assert.equal(opened.status, 200);
    await eventually(
      async () => sim.control.sends().filter((s) => s.username === username && s.text.includes(VIDEO_URL)).length,
      (n) => n === 1,
      'the DM once the window opened',
      30_000,
    );
  });

  it("a signed video.posted sent three times starts one workflow; a post.published starts its video's one workflow", async () => {
    const posted = {
      event: 'video.posted',
      data: { video_id: '6f1d2a10-0000-4000-8000-000000000001', platform: 'instagram', title: 'Top 5 tips' },
    };
    const first = await signed(posted);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const runId = await runIdOf(first.body.workflowId);
    for (let i = 0; i < 2; i++)
      assert.deepEqual(await signed(posted), {
        status: 200,
        body: { received: true, event: 'video.posted', duplicate: true, workflowId: first.body.workflowId },
      });
    await finished(first.body.workflowId);
    assert.equal(await runIdOf(first.body.workflowId), runId, 'one run');

    // Post …0005 is video …0004's post on x (no title anywhere but the file name).
    const published = await signed({
      event: 'post.published',
      timestamp: new Date().toISOString(),
      data: {
        post_id: 'a7c3e500-0000-4000-8000-000000000005',
        platform: 'x',
        post_url: 'https://x.com/studio_maya/status/1861234567890',
        title: null,
      },
      metadata: {},
    });
    assert.equal(published.body.workflowId, `video-outreach:${ACCOUNT}:6f1d2a10-0000-4000-8000-000000000004`);
    assert.equal((await finished(published.body.workflowId)).body.status, 'COMPLETED');

    const bad = JSON.stringify({
      event: 'video.posted',
      data: { video_id: '6f1d2a10-0000-4000-8000-000000000002', platform: 'youtube' },
    });
    const refused = await api.app.request('/api/incoming/mediaposter', {
      method: 'POST',
      body: bad,
      headers: { 'content-type': 'application/json', 'x-webhook-signature': 'ab'.repeat(32) },
    });
    assert.equal(refused.status, 401);
    await assert.rejects(
      runIdOf(`video-outreach:${ACCOUNT}:6f1d2a10-0000-4000-8000-000000000002`),
      'a refused webhook starts nothing',
    );
    assert.equal(
      (await call('/api/mediaposter/videos/6f1d2a10-0000-4000-8000-000000000003/outreach', { method: 'POST' })).status,
      409,
      'only a simulated URL: nothing to share',
    );
  });

  it("a second account's announcement of the same video is its own news: its event, its run; its retry a repeat", async () => {
    const other = 'second-studio';
    await stack.account(other, { minGapMs: GAP_MS, maxGapMs: GAP_MS });
    const secret = 'incoming-secret-of-the-second-studio-01';
    const set = await call(`/api/accounts/${other}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ incoming_webhook_secret: secret }),
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const video = '6f1d2a10-0000-4000-8000-000000000001'; // announced to ACCOUNT by the case before
    const body = JSON.stringify({
      event: 'video.posted',
      data: { video_id: video, platform: 'instagram', title: 'Top 5 tips' },
    });
    const send = async () => {
      const res = await api.app.request(`/api/incoming/mediaposter?accountId=${other}`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-webhook-signature': createHmac('sha256', secret).update(body).digest('hex'),
        },
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const workflowId = `video-outreach:${other}:${video}`;
    assert.deepEqual(await send(), {
      status: 200,
      body: { received: true, event: 'video.posted', duplicate: false, workflowId },
    });
    assert.deepEqual(await send(), {
      status: 200,
      body: { received: true, event: 'video.posted', duplicate: true, workflowId },
    });
    const events = await stack.sb.sql.query<{ account_id: string }>(
      `select account_id from event_outbox where type = 'mediaposter.video_posted' and entity_id = $1 order by account_id`,
      [video],
    );
    assert.deepEqual(
      events.map((e) => e.account_id),
      [ACCOUNT, other].sort(),
      'one event per account',
    );
    await finished(workflowId);
  });

  it('a post found live by the watcher, then announced by webhook, starts one workflow', async () => {
    const watch = mediaPosterWatchInput(api.config, ACCOUNT);
    const firstTick = await stack.gateway.start(mediaPosterWatchContract, watch);
    assert.deepEqual(
      (await finished(firstTick.workflowId)).body.result.workflowIds,
      [],
      'a first tick only sets the cursor: history is not news',
    );
    await mp.sql.query(
      `update scheduled_posts set status = 'posted', platform_url = 'https://www.instagram.com/reel/Dz9thumbs/', published_at = now(), updated_at = now()
       where id = 'a7c3e500-0000-4000-8000-000000000009'`,
    );
    const tick = await stack.gateway.start(mediaPosterWatchContract, watch);
    const outreachId = `video-outreach:${ACCOUNT}:6f1d2a10-0000-4000-8000-000000000007`;
    assert.deepEqual((await finished(tick.workflowId)).body.result.workflowIds, [outreachId]);
    await recordHistory('mediaposter-watch', env.client.workflow.getHandle(tick.workflowId));
    const runId = await runIdOf(outreachId);
    const announced = await signed({
      event: 'video.posted',
      data: { video_id: '6F1D2A10-0000-4000-8000-000000000007', platform: 'instagram', title: 'Design tips' },
    });
    assert.deepEqual(announced.body, {
      received: true,
      event: 'video.posted',
      duplicate: true,
      workflowId: outreachId,
    });
    await finished(outreachId);
    assert.equal(await runIdOf(outreachId), runId, 'one run');
    const lastTick = await stack.gateway.start(mediaPosterWatchContract, watch);
    assert.deepEqual((await finished(lastTick.workflowId)).body.result.workflowIds, [], 'the cursor moved past it');
  });
});
