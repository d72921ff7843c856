import assert from 'node:assert/strict';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createVideoRepository, notConfiguredVideos } from '../../src/adapters/mediaposter/video-repository';
import { createApp } from '../../src/api/app';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { jsonBody, withKey } from '../helpers/api';
import { recordHistory } from '../helpers/histories';
import { startDmWorld } from '../helpers/dm-world';
import { eventually, type startOutreachStack } from '../helpers/outreach-stack';
import type { Json, startSimulator } from '../simulator/sim-fixture';

// The DM flow through the real API: routes → data API → Temporal → worker → Safari simulator, with
// MediaPoster's fixture for videos. Bad input is refused with a 4xx and changes nothing.

type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Stack;
let app: ReturnType<Stack['api']>['app'];
let world: Awaited<ReturnType<typeof startDmWorld>>;
const ACCOUNT = 'main';
const VIDEO = '6f1d2a10-0000-4000-8000-000000000001';

before(async () => {
  world = await startDmWorld(ACCOUNT);
  ({ env, sim, stack } = world);
  app = world.api.app;
  await stack.account(ACCOUNT);
});
after(async () => {
  await world?.stop();
});

const people = () => sim.control.threads().map((t) => t.username);
const call = async (path: string, init: RequestInit = {}) => {
  const res = await app.request(path, withKey(init));
  return { status: res.status, body: (await res.json()) as Json };
};
const post = (path: string, body: unknown) => call(path, jsonBody(body));
const counts = async () => {
  const one = async (sql: string) => Number((await stack.sb.sql.query<{ n: string }>(sql))[0]!.n);
  return {
    items: await one('select count(*) as n from outreach_items'),
    contacts: await one('select count(*) as n from contacts'),
    events: await one('select count(*) as n from event_outbox'),
  };
};
const dmDone = (statusUrl: string) =>
  eventually(
    () => call(statusUrl),
    (r) => r.body.status === 'COMPLETED',
    'the DM workflow to finish',
  );

describe('DM API', () => {
  it('queues nothing and answers 503 naming MediaPoster when a video is asked for and MediaPoster is down or not configured', async () => {
    const [name] = people();
    await stack.contact(ACCOUNT, name!);
    const before = await counts();
    const down = createVideoRepository(
      createSupabase({ url: 'http://127.0.0.1:9', key: 'unused-mediaposter-key-000' }),
    );
    for (const [videos, code] of [
      [down, 'MEDIAPOSTER_UNAVAILABLE'],
      [notConfiguredVideos, 'MEDIAPOSTER_NOT_CONFIGURED'],
    ] as const) {
      const res = await createApp({ ...stack.api().deps, videos }).request(
        '/api/outreach/queue',
        withKey(jsonBody({ username: name, template: 'New: {{video_title}} {{video_url}}', video_id: VIDEO })),
      );
      assert.equal(res.status, 503, code);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
    }
    assert.deepEqual(await counts(), before);
  });

  it('refuses bad DM requests with a 4xx envelope and changes nothing', async () => {
    const [name] = people();
    await stack.contact(ACCOUNT, name!);
    await stack.sb.sql.query(
      `insert into contacts (account_id, display_name, thread_id) values ($1, 'Only A Name', 't-1')`,
      [ACCOUNT],
    );
    const [{ id: nameOnly }] = (await stack.sb.sql.query<{ id: string }>(
      `select id from contacts where display_name = 'Only A Name'`,
    )) as [{ id: string }];
    const before = await counts();
    const cases: [string, unknown, number, string][] = [
      ['/api/contacts/nobody.known/dm', { text: 'hi' }, 404, 'CONTACT_NOT_FOUND'],
      [`/api/contacts/${name}/dm`, { text: '   ' }, 400, 'TEXT_EMPTY'],
      [`/api/contacts/${name}/dm`, { text: 'x'.repeat(1001) }, 400, 'TEXT_TOO_LONG'],
      [
        `/api/contacts/${name}/dm`,
        { text: 'hi', videoId: '6f1d2a10-0000-4000-8000-00000000ffff' },
        404,
        'VIDEO_NOT_FOUND',
      ],
      [
        `/api/contacts/${name}/dm`,
        { text: 'hi', videoId: '6f1d2a10-0000-4000-8000-000000000003' },
        409,
        'VIDEO_NOT_PUBLISHED',
      ],
      [`/api/contacts/${name}/dm`, { template: 'Hi {{name}}, {{promo_code}}' }, 400, 'TEMPLATE_INVALID'],
      [`/api/contacts/${nameOnly}/dm`, { text: 'hi' }, 409, 'NO_HANDLE'],
      [`/api/contacts/${name}/dm`, { text: 'hi', accountId: 'no-such-account' }, 404, ''],
      [`/api/contacts/${name}/dm?accountId=BAD!`, { text: 'hi' }, 400, ''],
      ['/api/dm/send', { username: 'new.person', text: '' }, 400, 'TEXT_EMPTY'],
      ['/api/outreach/queue', { username: 'new.person', text: 'x'.repeat(1001) }, 400, 'TEXT_TOO_LONG'],
      [
        '/api/outreach/queue',
        {
          items: [
            { username: 'a.b', text: 'fine' },
            { username: 'c.d', template: '{{nope}}' },
          ],
        },
        400,
        'TEMPLATE_INVALID',
      ],
    ];
    for (const [path, body, status, reason] of cases) {
      const res = await post(path, body);
      assert.equal(res.status, status, `${path} ${JSON.stringify(body).slice(0, 60)}: ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error?.code, 'error envelope');
      if (reason) assert.equal(res.body.error.details?.reason, reason);
    }
    assert.deepEqual(await counts(), before, 'nothing stored: no item, no contact, no event');
  });

  it('sends a DM with a MediaPoster video: rendered, paced, sent once, stored and reported', async () => {
    const [, name] = people();
    await stack.contact(ACCOUNT, name!);
    const body = {
      template: 'Hi {{first_name|there}}! New video: {{video_title}} {{video_url}}',
      videoId: VIDEO,
      idempotencyKey: 'video-dm-1',
    };
    const started = await post(`/api/contacts/${name}/dm`, body);
    assert.equal(started.status, 202);
    assert.match(started.body.workflowId, /^send-dm:main:/);
    const done = await dmDone(started.body.statusUrl);
    assert.equal(done.body.result.status, 'sent');
    // Known only by handle: the fallback greets them, never the handle (issue 24 §2).
    const text = 'Hi there! New video: Top 5 tips for faster edits https://www.instagram.com/reel/C3xYz12AbCd/';
    assert.equal(sim.control.sentCount(name!, text), 1);
    await recordHistory('send-dm-video', env.client.workflow.getHandle(started.body.workflowId));

    const again = await post(`/api/contacts/${name}/dm`, body);
    assert.equal(again.body.workflowId, started.body.workflowId, 'the same request is the same DM');
    await dmDone(again.body.statusUrl);
    assert.equal(sim.control.sentCount(name!, text), 1, 'never twice');
    const stored = await stack.sb.sql.query<{ message_text: string }>(
      `select message_text from messages m join contacts c on c.id = m.contact_id where c.username = $1 and m.is_outbound`,
      [name],
    );
    assert.deepEqual(
      stored.map((m) => m.message_text),
      [text],
    );
    const events = await stack.sb.sql.query<{ type: string; payload: Json }>(
      `select type, payload from event_outbox where type = 'message.sent'`,
    );
    assert.equal(events.at(-1)?.payload.text, text);
  });

  it('POST /api/dm/send answers when the DM went out', async () => {
    const name = people()[2]!;
    const res = await post('/api/dm/send', { username: name, text: 'straight through the sender' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.success, true);
    assert.equal(res.body.status, 'sent');
    assert.equal(sim.control.sentCount(name, 'straight through the sender'), 1);
  });

  it('queues single and batch items, creates unknown handles, and lists them with stats and pacing', async () => {
    const [a, b, c] = people().slice(3, 6) as [string, string, string];
    const one = await post('/api/outreach/queue', { username: a, text: `queued for ${a}`, priority: 80 });
    assert.equal(one.status, 201);
    assert.equal(one.body.created, true);
    const repeat = await post('/api/outreach/queue', { username: a, text: `queued for ${a}`, priority: 80 });
    assert.equal(repeat.status, 200, 'the same request finds the same item');
    assert.equal(repeat.body.message.id, one.body.message.id);
    const batch = await post('/api/outreach/queue', {
      items: [
        { username: b, template: 'Hey {{name}}' },
        { username: c, text: 'hello', campaign: 'launch' },
      ],
    });
    assert.equal(batch.status, 201);
    assert.equal(batch.body.messages[1].kind, 'campaign');
    const ids = [one.body.message.id, ...batch.body.messages.map((m: Json) => m.id)];
    await eventually(
      () => stack.statuses(ACCOUNT),
      (m) => ids.every((id) => m.get(id) === 'sent'),
      'the queued items to go out',
    );
    assert.equal(sim.control.sentCount(b, `Hey ${b}`), 1);
    const list = await call(`/api/outreach/queue?status=sent&limit=10`);
    assert.equal(list.status, 200);
    // Exactly the sent items the table holds (earlier tests sent two more), each with its handle.
    const sentInTable = [...(await stack.statuses(ACCOUNT))].filter(([, s]) => s === 'sent').map(([id]) => id);
    assert.ok(sentInTable.length <= 10, 'the limit leaves room for all of them');
    assert.deepEqual(
      list.body.queue.map((i: Json) => i.id).sort(),
      [...sentInTable].sort(),
      'status=sent lists the sent items, and only them',
    );
    assert.ok(list.body.queue.every((i: Json) => i.status === 'sent'));
    const handleOf = new Map(list.body.queue.map((i: Json) => [i.id, i.username]));
    assert.deepEqual(
      ids.map((id) => handleOf.get(id)),
      [a, b, c],
      'the three just sent are listed, each to its own handle',
    );
    assert.equal(list.body.stats.sent, sentInTable.length);
    const pacing = list.body.pacing.find((p: Json) => p.accountId === ACCOUNT);
    assert.ok(pacing?.explanation, 'each account explains its pacing');
    const forA = await call(`/api/outreach/queue?contactId=${one.body.message.contact_id}`);
    assert.deepEqual(
      forA.body.queue.map((i: Json) => i.id),
      [ids[0]],
      "contactId: only that contact's DMs",
    );
    assert.equal((await call('/api/outreach/queue?contactId=not-a-uuid')).status, 400);
    const detail = await call(`/api/outreach/queue/${ids[0]}`);
    assert.deepEqual(
      detail.body.history.map((h: Json) => h.status),
      ['queued', 'sending', 'sent'],
    );
  });
});
