import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createAccountRepository, type AccountRepository } from '../../src/adapters/db/account-repository';
import { createEventRepository } from '../../src/adapters/db/event-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createPostWatch } from '../../src/adapters/mediaposter/post-watch';
import { createApp } from '../../src/api/app';
import type { WorkflowGateway } from '../../src/temporal/workflow-gateway';
import type { VideoOutreachInput } from '../../src/contracts/video-outreach';
import { makeApiDeps } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// POST /api/incoming/mediaposter against the CRM data API: signed requests in both contracts are
// recorded once each, however often sent; anything unsigned, badly signed, stale or changed after
// signing is a 401 that records nothing and starts nothing. A posted video starts its outreach
// (here a recording gateway; test/integration/video-outreach.test.ts runs the real workflow).

const SECRET = 'mediaposter-signing-secret-0123456789abcdef';
const SECOND_SECRET = 'second-account-own-secret-0123456789';
let sb: TestSupabase;
let accounts: AccountRepository;
let mp: TestSupabase;
let app: ReturnType<typeof createApp>;
const starts: { workflowId: string; input: VideoOutreachInput }[] = [];

before(async () => {
  [sb, mp] = await Promise.all([startTestSupabase('pglite'), startTestSupabase('pglite', 'mediaposter')]);
  const events = createEventRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
  accounts = createAccountRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
  await accounts.ensure('default', 'http://127.0.0.1:3100');
  await accounts.create('second', 'http://127.0.0.1:3101', { incomingSecret: SECOND_SECRET });
  await accounts.create('third', 'http://127.0.0.1:3102', {});
  const postWatch = createPostWatch(createSupabase({ url: mp.url, key: mp.serviceRoleKey }));
  const workflows = {
    start: async (contract, input) => {
      const workflowId = contract.id(input);
      starts.push({ workflowId, input: input as VideoOutreachInput });
      return { workflowId, runId: 'run-1' };
    },
  } as Pick<WorkflowGateway, 'start'> as WorkflowGateway;
  app = createApp(
    makeApiDeps({
      events,
      accounts,
      postWatch,
      workflows,
      config: { incomingSecret: SECRET, accountId: 'default' },
      now: Date.now,
    }),
  );
});
after(async () => {
  await sb?.stop();
  await mp?.stop();
});

const hex = (body: string, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');
const send = (body: string, headers: Record<string, string>, query = '') =>
  app.request(`/api/incoming/mediaposter${query}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
const outbox = async () =>
  await sb.sql.query<{ type: string; payload: Record<string, unknown> }>(
    `select type, payload from event_outbox where type like 'mediaposter.%' order by seq`,
  );
/** MediaPoster's own body: Python json.dumps separators, a naive UTC timestamp. */
const naiveNow = () => new Date().toISOString().replace('Z', '');
const designBody = JSON.stringify({
  event: 'video.posted',
  data: { video_id: '6f1d2a10-0000-4000-8000-000000000001', platform: 'instagram', title: 'Top 5 tips' },
});

describe('POST /api/incoming/mediaposter', () => {
  it("records a signed video.posted once, however often it is sent (design's hex signature, with and without sha256=)", async () => {
    for (const signature of [hex(designBody), `sha256=${hex(designBody)}`, hex(designBody).toUpperCase()]) {
      const res = await send(designBody, {
        'x-webhook-signature': signature,
        'x-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(
        ((await res.json()) as { workflowId: string }).workflowId,
        'video-outreach:default:6f1d2a10-0000-4000-8000-000000000001',
      );
    }
    // Every announcement asks for the video's one workflow (Temporal joins or reports it).
    assert.deepEqual(
      new Set(starts.map((s) => s.workflowId)),
      new Set(['video-outreach:default:6f1d2a10-0000-4000-8000-000000000001']),
    );
    assert.deepEqual(
      [starts[0]!.input.videoId, starts[0]!.input.trigger],
      ['6f1d2a10-0000-4000-8000-000000000001', 'webhook'],
    );
    const rows = await outbox();
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0], {
      type: 'mediaposter.video_posted',
      payload: {
        video_id: '6f1d2a10-0000-4000-8000-000000000001',
        post_id: null,
        platform: 'instagram',
        title: 'Top 5 tips',
        post_url: null,
      },
    });
  });

  it("records MediaPoster's own post.published, retried with new delivery ids, once; a Standard Webhooks signature works too", async () => {
    const ts = naiveNow();
    const body = `{"event": "post.published", "timestamp": "${ts}", "data": {"post_id": "a7c3e500-0000-4000-8000-000000000006", "platform": "instagram", "post_url": "https://www.instagram.com/reel/C4aBc98ZyXw/", "title": "How I automate"}, "metadata": {}}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const res = await send(body, {
        'x-webhook-signature': `sha256=${hex(body)}`,
        'x-webhook-event': 'post.published',
        'x-webhook-delivery': crypto.randomUUID(),
        'x-webhook-timestamp': ts,
      });
      // The post is looked up in MediaPoster: it publishes video …0006, whose outreach it starts.
      const workflowId = 'video-outreach:default:6f1d2a10-0000-4000-8000-000000000006';
      assert.deepEqual(await res.json(), {
        received: true,
        event: 'post.published',
        duplicate: attempt > 0,
        workflowId,
      });
    }
    const published = (await outbox()).at(-1)!;
    assert.deepEqual(published.payload, {
      video_id: '6f1d2a10-0000-4000-8000-000000000006',
      post_id: 'a7c3e500-0000-4000-8000-000000000006',
      platform: 'instagram',
      title: 'How I automate',
      post_url: 'https://www.instagram.com/reel/C4aBc98ZyXw/',
    });
    const standard = JSON.stringify({
      event: 'schedule.updated',
      data: { scheduled_post_id: 'p-9', video_id: null, status: 'scheduled' },
    });
    const headers = new Webhook(Buffer.from(SECRET).toString('base64')).sign('msg_1', new Date(), standard);
    const res = await send(standard, {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': headers.split(' ')[0]!,
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(
      (await outbox()).map((r) => r.type),
      ['mediaposter.video_posted', 'mediaposter.video_posted', 'mediaposter.schedule_updated'],
    );
  });

  it('refuses unsigned, badly signed, stale and changed-after-signing requests with 401, recording and starting nothing', async () => {
    const before = (await outbox()).length;
    const startsBefore = starts.length;
    const fresh = JSON.stringify({
      event: 'video.posted',
      data: { video_id: 'v-new', platform: 'tiktok', title: 'x' },
    });
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().replace('Z', '');
    const staleInside = `{"event": "post.published", "timestamp": "${minutesAgo(40)}", "data": {"post_id": "p-old", "platform": "x"}}`;
    const standard = (at: Date) => ({
      'webhook-id': 'msg_3',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(Buffer.from(SECRET).toString('base64')).sign('msg_3', at, fresh).split(' ')[0]!,
    });
    const cases: [string, Record<string, string>][] = [
      [fresh, {}],
      [fresh, { 'x-webhook-signature': hex(fresh, 'another-secret-entirely') }],
      [
        fresh,
        { 'x-webhook-signature': hex(fresh), 'x-webhook-timestamp': String(Math.floor(Date.now() / 1000) - 31 * 60) },
      ],
      [fresh, { 'x-webhook-signature': hex(fresh), 'x-webhook-timestamp': minutesAgo(40) }],
      // The body's signed timestamp is judged, whatever the unsigned header says.
      [staleInside, { 'x-webhook-signature': hex(staleInside), 'x-webhook-timestamp': minutesAgo(0) }],
      [fresh, standard(new Date(Date.now() - 6 * 60_000))],
      [fresh.replace('tiktok', 'youtube'), { 'x-webhook-signature': hex(fresh) }],
      [
        fresh,
        {
          'webhook-id': 'msg_2',
          'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'webhook-signature': 'v1,bm90IGEgc2lnbmF0dXJl',
        },
      ],
    ];
    for (const [body, headers] of cases) {
      const res = await send(body, headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'UNAUTHORIZED');
    }
    assert.equal((await outbox()).length, before, 'nothing recorded');
    assert.equal(starts.length, startsBefore, 'nothing started');
  });

  it("MediaPoster's retries, 300 s and 900 s later with the first attempt's timestamp, are taken; nothing new is recorded", async () => {
    const at = new Date(Date.now() - 15 * 60_000).toISOString().replace('Z', '');
    const body = `{"event": "schedule.updated", "timestamp": "${at}", "data": {"scheduled_post_id": "p-retried", "video_id": null, "status": "failed"}}`;
    const headers = { 'x-webhook-signature': `sha256=${hex(body)}`, 'x-webhook-timestamp': at };
    const first = await send(body, { ...headers, 'x-webhook-delivery': crypto.randomUUID() });
    assert.equal(first.status, 200, await first.clone().text());
    assert.equal(((await first.json()) as { duplicate: boolean }).duplicate, false);
    const retried = await send(body, { ...headers, 'x-webhook-delivery': crypto.randomUUID() });
    assert.equal(((await retried.json()) as { duplicate: boolean }).duplicate, true);
    assert.equal((await outbox()).filter((r) => r.payload.scheduled_post_id === 'p-retried').length, 1);
  });

  it("acts only for the account whose secret signed it: another account's ?accountId= is refused", async () => {
    const body = JSON.stringify({
      event: 'video.posted',
      data: { video_id: '6f1d2a10-0000-4000-8000-000000000003', platform: 'instagram', title: 'Per account' },
    });
    const startsBefore = starts.length;
    const recorded = (await outbox()).length;
    for (const account of ['second', 'third', 'nobody']) {
      const res = await send(body, { 'x-webhook-signature': hex(body) }, `?accountId=${account}`);
      assert.equal(res.status, 401, `${account}: ${await res.clone().text()}`);
    }
    assert.equal(starts.length, startsBefore, 'no outreach started for another account');
    assert.equal((await outbox()).length, recorded, 'nothing recorded');
    const own = await send(body, { 'x-webhook-signature': hex(body, SECOND_SECRET) }, '?accountId=second');
    assert.equal(
      ((await own.json()) as { workflowId: string }).workflowId,
      'video-outreach:second:6f1d2a10-0000-4000-8000-000000000003',
    );
    const mixed = await send(body, { 'x-webhook-signature': hex(body, SECOND_SECRET) });
    assert.equal(mixed.status, 401, "the second account's secret does not sign for the default one");
    const [row] = await sb.sql.query<{ account_id: string }>(
      `select account_id from event_outbox where type = 'mediaposter.video_posted' and payload ->> 'title' = 'Per account'`,
    );
    assert.equal(row!.account_id, 'second');
  });

  it('a post MediaPoster does not know, or MediaPoster not configured: recorded, nothing started; MediaPoster down: 503 and nothing recorded', async () => {
    const startsBefore = starts.length;
    const unknown = JSON.stringify({
      event: 'post.published',
      data: { post_id: 'a7c3e500-0000-4000-8000-0000000000ff', platform: 'tiktok', post_url: null, title: null },
    });
    assert.deepEqual(await (await send(unknown, { 'x-webhook-signature': hex(unknown) })).json(), {
      received: true,
      event: 'post.published',
      duplicate: false,
    });
    const events = createEventRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
    const config = { incomingSecret: SECRET, accountId: 'default' };
    const bare = createApp(
      makeApiDeps({ events, accounts, config: { ...config, notConfigured: ['mediaposter'] }, now: Date.now }),
    );
    const posted = JSON.stringify({
      event: 'video.posted',
      data: { video_id: '6f1d2a10-0000-4000-8000-000000000002', platform: 'youtube' },
    });
    const headers = { 'content-type': 'application/json', 'x-webhook-signature': hex(posted) };
    const res = await bare.request('/api/incoming/mediaposter', { method: 'POST', body: posted, headers });
    assert.deepEqual(await res.json(), { received: true, event: 'video.posted', duplicate: false });
    assert.equal(starts.length, startsBefore, 'nothing started');

    const recorded = (await outbox()).length;
    const postWatch = createPostWatch(createSupabase({ url: 'http://127.0.0.1:9', key: 'unused-mediaposter-key-000' }));
    const down = createApp(makeApiDeps({ events, accounts, postWatch, config, now: Date.now }));
    const published = JSON.stringify({
      event: 'post.published',
      data: { post_id: 'a7c3e500-0000-4000-8000-000000000001', platform: 'instagram' },
    });
    const refused = await down.request('/api/incoming/mediaposter', {
      method: 'POST',
      body: published,
      headers: { 'content-type': 'application/json', 'x-webhook-signature': hex(published) },
    });
    assert.equal(refused.status, 503);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'MEDIAPOSTER_UNAVAILABLE');
    assert.equal((await outbox()).length, recorded, 'nothing recorded: MediaPoster retries it');
  });

  it('answers 400 for a signed body it cannot read, and 200 for an event it does not act on', async () => {
    for (const body of ['not json', JSON.stringify({ event: 'video.posted', data: {} })]) {
      assert.equal((await send(body, { 'x-webhook-signature': hex(body) })).status, 400, body);
    }
    const other = JSON.stringify({ event: 'metrics.updated', data: { post_id: 'p1' } });
    assert.deepEqual(await (await send(other, { 'x-webhook-signature': hex(other) })).json(), {
      received: true,
      event: 'metrics.updated',
      ignored: true,
    });
  });
});
