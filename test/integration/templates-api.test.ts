import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { jsonBody, withKey } from '../helpers/api';
import { queueFollowUp } from '../../src/app/follow-ups/queue-follow-up';
import { startDmWorld } from '../helpers/dm-world';
import { eventually } from '../helpers/outreach-stack';
import type { Json } from '../simulator/sim-fixture';

// Templates as data through the real API over PostgreSQL, Temporal and the Safari simulator: a
// template is checked when saved, a new text is a new version with the old kept, a DELETE is soft,
// and a queue item or a direct DM naming a template records which version wrote it.

const ACCOUNT = 'main';
let world: Awaited<ReturnType<typeof startDmWorld>>;

before(async () => {
  world = await startDmWorld(ACCOUNT);
  await world.stack.account(ACCOUNT);
});
after(async () => {
  await world?.stop();
});

const call = async (path: string, init: RequestInit = {}) => {
  const res = await world.api.app.request(path, withKey(init));
  return { status: res.status, body: (await res.json()) as Json };
};
const post = (path: string, body: unknown) => call(path, jsonBody(body));
const patch = (path: string, body: unknown) => call(path, jsonBody(body, { method: 'PATCH' }));
const sql = <T>(q: string, params: unknown[] = []) => world.stack.sb.sql.query<T & Record<string, unknown>>(q, params);
const people = () => world.sim.control.threads().map((t) => t.username);
const versions = async (id: string) =>
  (
    await sql<{ version: number; text: string }>(
      `select version, text from message_template_versions where template_id = $1 order by version`,
      [id],
    )
  ).map((v) => [v.version, v.text]);

describe('templates API', () => {
  it('stores a template at version 1; a new text is version 2 with version 1 kept; a name or the same text is no new version', async () => {
    const created = await post('/api/templates', {
      name: 'Welcome',
      lane: 'friendship',
      text: 'Hi {{first_name|there}}!',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const t = created.body.template;
    assert.deepEqual(
      [t.name, t.lane, t.text, t.version, t.account_id],
      ['Welcome', 'friendship', 'Hi {{first_name|there}}!', 1, ACCOUNT],
    );

    const renamed = await patch(`/api/templates/${t.id}`, { name: 'Welcome back' });
    assert.deepEqual(
      [renamed.status, renamed.body.template.name, renamed.body.template.version],
      [200, 'Welcome back', 1],
    );
    const changed = await patch(`/api/templates/${t.id}`, { text: 'Hey {{first_name|there}}, {{topic}}' });
    assert.deepEqual(
      [changed.body.template.text, changed.body.template.version],
      ['Hey {{first_name|there}}, {{topic}}', 2],
    );
    const same = await patch(`/api/templates/${t.id}`, { text: 'Hey {{first_name|there}}, {{topic}}' });
    assert.equal(same.body.template.version, 2, 'the same text again is no new version');
    assert.deepEqual(await versions(t.id), [
      [1, 'Hi {{first_name|there}}!'],
      [2, 'Hey {{first_name|there}}, {{topic}}'],
    ]);
    const listed = await call('/api/templates');
    assert.deepEqual(
      listed.body.templates.map((x: Json) => [x.id, x.version]),
      [[t.id, 2]],
    );
  });

  it('refuses a malformed placeholder, an overlong or empty text and an unknown lane with a 400, storing nothing', async () => {
    const before = (await sql<{ n: string }>('select count(*) as n from message_templates'))[0]!.n;
    for (const [body, path] of [
      [{ name: 'Bad', text: 'Hi {{first name}}' }, 'text'],
      [{ name: 'Open', text: 'Hi {{first_name' }, 'text'],
      [{ name: 'Long', text: 'x'.repeat(1001) }, 'text'],
      [{ name: 'Empty', text: '   ' }, 'text'],
      [{ name: 'Lane', lane: 'spam', text: 'hi' }, 'lane'],
      [{ name: '', text: 'hi' }, 'name'],
    ] as const) {
      const res = await post('/api/templates', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.error.details.some((d: { path: string }) => d.path === path),
        `${JSON.stringify(body)}: ${JSON.stringify(res.body.error.details)}`,
      );
    }
    assert.equal((await sql<{ n: string }>('select count(*) as n from message_templates'))[0]!.n, before);
  });

  it('deletes softly: no longer listed, read or usable, its versions kept; a second DELETE is a 404', async () => {
    const t = (await post('/api/templates', { name: 'Old', text: 'Old words' })).body.template;
    const del = await call(`/api/templates/${t.id}`, { method: 'DELETE' });
    assert.deepEqual([del.status, del.body], [200, { deleted: true }]);
    assert.equal((await call(`/api/templates/${t.id}`)).status, 404);
    assert.equal((await call(`/api/templates/${t.id}`, { method: 'DELETE' })).status, 404);
    assert.equal((await patch(`/api/templates/${t.id}`, { name: 'x' })).status, 404);
    assert.ok(!(await call('/api/templates')).body.templates.some((x: Json) => x.id === t.id));
    assert.deepEqual(await versions(t.id), [[1, 'Old words']]);
    const queued = await post('/api/outreach/queue', { username: people()[0], template_id: t.id });
    assert.deepEqual([queued.status, queued.body.error.code], [404, 'NOT_FOUND']);
    assert.equal((await call(`/api/templates/${randomUUID()}`)).status, 404);
    assert.equal((await call('/api/templates/not-a-uuid')).status, 404);
  });

  it('a queue item naming a template records the version that wrote it; after a change, the next one records the new version', async () => {
    const [a, b] = people() as [string, string];
    const t = (await post('/api/templates', { name: 'Drop', text: 'Hey {{first_name|there}}, {{topic}} is live' })).body
      .template;
    const first = await post('/api/outreach/queue', {
      username: a,
      template_id: t.id,
      variables: { topic: 'the guide' },
      scheduled_at: '2099-01-01T00:00:00Z',
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(
      [first.body.message.text, first.body.message.template_id, first.body.message.template_version],
      ['Hey there, the guide is live', t.id, 1],
    );
    await patch(`/api/templates/${t.id}`, { text: 'New: {{topic}}' });
    const second = await post('/api/outreach/queue', {
      username: b,
      template_id: t.id,
      variables: { topic: 'the guide' },
      scheduled_at: '2099-01-01T00:00:00Z',
    });
    assert.deepEqual([second.body.message.text, second.body.message.template_version], ['New: the guide', 2]);
    // The ledger names versions that exist: each item's template text as it was when it was written.
    const ledger = await sql<{ username: string; version: number; text: string }>(
      `select o.username, o.template_version as version, v.text from outreach_items o
       join message_template_versions v on v.template_id = o.template_id and v.version = o.template_version
       where o.template_id = $1 order by o.seq`,
      [t.id],
    );
    assert.deepEqual(
      ledger.map((r) => [r.username, r.version, r.text]),
      [
        [a, 1, 'Hey {{first_name|there}}, {{topic}} is live'],
        [b, 2, 'New: {{topic}}'],
      ],
    );
    const missing = await post('/api/outreach/queue', { username: a, template_id: t.id });
    assert.deepEqual(
      [missing.status, missing.body.error.details.reason],
      [400, 'TEMPLATE_INVALID'],
      'topic is missing',
    );
    const both = await post('/api/outreach/queue', { username: a, template_id: t.id, text: 'hi' });
    assert.equal(both.status, 400, 'exactly one of text, template and template_id');
  });

  it('a direct DM naming a template is sent with its text, and its ledger row names the template and version', async () => {
    const name = people()[2]!;
    await world.stack.contact(ACCOUNT, name);
    const t = (await post('/api/templates', { name: 'Thanks', text: 'Thanks {{first_name|friend}} for {{what}}' })).body
      .template;
    const started = await post(`/api/contacts/${name}/dm`, { templateId: t.id, variables: { what: 'the follow' } });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const done = await eventually(
      () => call(started.body.statusUrl),
      (r) => r.body.status === 'COMPLETED',
      'the DM workflow to finish',
    );
    assert.equal(done.body.result.status, 'sent');
    assert.equal(world.sim.control.sentCount(name, 'Thanks friend for the follow'), 1);
    const [row] = await sql<{ template_id: string; template_version: number; text: string }>(
      `select template_id, template_version, text from outreach_items where id = $1`,
      [done.body.result.itemId],
    );
    assert.deepEqual(row, { template_id: t.id, template_version: 1, text: 'Thanks friend for the follow' });
    const unknown = await post(`/api/contacts/${name}/dm`, { templateId: randomUUID() });
    assert.deepEqual([unknown.status, unknown.body.error.details.reason], [404, 'TEMPLATE_NOT_FOUND']);
  });

  it('a follow-up step naming a template keeps the text and version it was queued with, and its item records them', async () => {
    const who = people()[4]!;
    const t = (await post('/api/templates', { name: 'Nudge', text: 'still around, {{first_name|friend}}?' })).body
      .template;
    const unknown = await post('/api/outreach/queue', {
      username: who,
      text: 'hello',
      campaign: 'nudge',
      follow_ups: [{ after: '3d', template_id: randomUUID() }],
    });
    assert.deepEqual(
      [unknown.status, unknown.body.error.details.reason, unknown.body.error.details.path],
      [404, 'TEMPLATE_NOT_FOUND', 'follow_ups.0.template_id'],
    );
    const queued = await post('/api/outreach/queue', {
      username: who,
      text: 'hello',
      campaign: 'nudge',
      scheduled_at: '2099-01-01T00:00:00Z',
      follow_ups: [{ after: '3d', template_id: t.id }],
    });
    assert.equal(queued.status, 201, JSON.stringify(queued.body));
    const first = queued.body.message;
    assert.deepEqual(
      first.follow_ups.map((s: Json) => [s.template_id, s.template]),
      [[t.id, 'still around, {{first_name|friend}}?']],
    );
    await patch(`/api/templates/${t.id}`, { text: 'changed, {{first_name|friend}}' });
    // The step as its timer would queue it, once the first DM went out (the sender held while paused).
    await post('/api/outreach/pause', { accountId: ACCOUNT, reason: 'hold the step' });
    await sql(`update outreach_items set status = 'sent', sent_at = now() - interval '4 days' where id = $1`, [
      first.id,
    ]);
    const step = await queueFollowUp(world.stack.deps, {
      accountId: ACCOUNT,
      firstItemId: first.id,
      step: 1,
      previousItemId: first.id,
      workflowId: `follow-ups:${ACCOUNT}:${first.id}`,
    });
    assert.equal(step.kind, 'queued');
    const [row] = await sql<{ text: string; template_id: string; template_version: number; step: number }>(
      `select text, template_id, template_version, step from outreach_items where parent_item_id = $1`,
      [first.id],
    );
    assert.deepEqual(row, { text: 'still around, friend?', template_id: t.id, template_version: 1, step: 1 });
    await post('/api/outreach/resume', { accountId: ACCOUNT });
  });
});
