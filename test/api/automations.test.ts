import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../src/adapters/db/account-repository';
import { createAutomationRepository } from '../../src/adapters/db/automation-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createVideoRepository } from '../../src/adapters/mediaposter/video-repository';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// The keyword replies' routes over the real data API (PGlite) and MediaPoster's fixture: what is
// stored and shown, and every bad request answered 4xx in the error envelope, storing nothing.

const ACCOUNT = 'test-account';
const VIDEO = '6f1d2a10-0000-4000-8000-000000000001';
const UNPUBLISHED = '6f1d2a10-0000-4000-8000-000000000003';
const NOW = Date.UTC(2026, 11, 6, 12);
let sb: TestSupabase;
let mp: TestSupabase;
let app: ReturnType<typeof createApp>;

before(async () => {
  [sb, mp] = await Promise.all([startTestSupabase('pglite'), startTestSupabase('pglite', 'mediaposter')]);
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  const accounts = createAccountRepository(db);
  await accounts.ensure(ACCOUNT, 'http://127.0.0.1:9');
  app = createApp(
    makeApiDeps({
      accounts,
      automations: createAutomationRepository(db),
      videos: createVideoRepository(createSupabase({ url: mp.url, key: mp.serviceRoleKey })),
      now: () => NOW,
    }),
  );
});
after(async () => {
  await Promise.all([sb?.stop(), mp?.stop()]);
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, body === undefined ? withKey({ method }) : withKey(jsonBody(body, { method })));
  return { status: res.status, body: (await res.json()) as Json };
};
const stored = async () => (await sb.sql.query<{ n: number }>('select count(*)::int as n from automations'))[0]!.n;

describe('/api/automations', () => {
  it('creates one (201), shows it with zero stats, lists, changes and deletes it', async () => {
    const created = await call('POST', '/api/automations', {
      name: 'Guide',
      keywords: ['guide', ' Free guide ', 'GUIDE'],
      reply: { template: 'Hi {{first_name}}! {{video_title}}: {{video_url}}' },
      videoId: VIDEO,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const a = created.body.automation;
    assert.deepEqual(
      [a.account_id, a.name, a.keywords, a.reply, a.video_id, a.enabled, a.active_since, a.stats],
      [
        ACCOUNT,
        'Guide',
        ['guide', 'Free guide'],
        { template: 'Hi {{first_name}}! {{video_title}}: {{video_url}}' },
        VIDEO,
        true,
        new Date(NOW).toISOString(),
        { matched: 0, queued: 0, sent: 0, skipped: 0 },
      ],
    );
    assert.deepEqual((await call('GET', `/api/automations/${a.id}`)).body.automation, a);
    const list = await call('GET', '/api/automations');
    assert.deepEqual([list.status, list.body.count, list.body.automations[0].id], [200, 1, a.id]);
    assert.equal((await call('GET', '/api/automations?accountId=other')).body.count, 0, 'per account');

    const off = await call('PATCH', `/api/automations/${a.id}`, { enabled: false });
    assert.deepEqual([off.status, off.body.automation.enabled, off.body.automation.active_since], [200, false, null]);
    const text = await call('PATCH', `/api/automations/${a.id}`, { reply: { text: 'Here it is' }, videoId: null });
    assert.deepEqual([text.body.automation.reply, text.body.automation.video_id], [{ text: 'Here it is' }, null]);
    const on = await call('PATCH', `/api/automations/${a.id}`, { enabled: true });
    assert.equal(on.body.automation.active_since, new Date(NOW).toISOString());

    const gone = await call('DELETE', `/api/automations/${a.id}`);
    assert.deepEqual([gone.status, gone.body], [200, { deleted: true, cancelled: 0 }]);
    assert.equal((await call('GET', `/api/automations/${a.id}`)).status, 404);
    assert.equal(await stored(), 0);
  });

  const valid = { name: 'Guide', keywords: ['guide'], reply: { text: 'Here it is' } };
  const bad: [string, unknown, number, string, string?][] = [
    ['no keywords', { ...valid, keywords: [] }, 400, 'VALIDATION_FAILED', 'keywords'],
    ['an empty keyword', { ...valid, keywords: ['guide', '  '] }, 400, 'VALIDATION_FAILED', 'keywords.1'],
    ['a keyword of punctuation', { ...valid, keywords: ['?!'] }, 400, 'VALIDATION_FAILED', 'keywords.0'],
    ['a keyword of six words', { ...valid, keywords: ['a b c d e f'] }, 400, 'VALIDATION_FAILED', 'keywords.0'],
    ['keywords not a list', { ...valid, keywords: 'guide' }, 400, 'VALIDATION_FAILED', 'keywords'],
    ['no name', { ...valid, name: ' ' }, 400, 'VALIDATION_FAILED', 'name'],
    ['no reply', { name: 'x', keywords: ['guide'] }, 400, 'VALIDATION_FAILED', 'reply'],
    ['both text and template', { ...valid, reply: { text: 'a', template: 'b' } }, 400, 'VALIDATION_FAILED'],
    ['an empty reply text', { ...valid, reply: { text: ' ' } }, 400, 'VALIDATION_FAILED', 'reply.text'],
    ['a reply too long', { ...valid, reply: { text: 'x'.repeat(1001) } }, 400, 'VALIDATION_FAILED', 'reply.text'],
    [
      'an unknown variable',
      { ...valid, reply: { template: 'Hi {{promo}}' } },
      400,
      'VALIDATION_FAILED',
      'reply.template',
    ],
    [
      'a broken placeholder',
      { ...valid, reply: { template: 'Hi {{first_name' } },
      400,
      'VALIDATION_FAILED',
      'reply.template',
    ],
    [
      'a video variable without a video',
      { ...valid, reply: { template: '{{video_url}}' } },
      400,
      'VALIDATION_FAILED',
      'reply.template',
    ],
    ['an unknown video', { ...valid, videoId: '6f1d2a10-0000-4000-8000-00000000ffff' }, 404, 'NOT_FOUND', 'videoId'],
    ['a video not posted yet', { ...valid, videoId: UNPUBLISHED }, 409, 'CONFLICT', 'videoId'],
    ['an unknown account', { ...valid, accountId: 'nobody' }, 404, 'NOT_FOUND'],
    ['a malformed account', { ...valid, accountId: 'BAD!' }, 400, 'VALIDATION_FAILED', 'accountId'],
    ['an unknown field', { ...valid, keyword: 'guide' }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [what, body, status, code, path] of bad) {
    it(`refuses ${what}: ${status} ${code}, nothing stored`, async () => {
      const res = await call('POST', '/api/automations', body);
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.error.code, code);
      assert.ok(res.body.error.requestId);
      if (path) assert.match(JSON.stringify(res.body.error.details), new RegExp(`"path":"${path}"`), path);
      assert.equal(await stored(), 0);
    });
  }

  it('answers 404 for an unknown or malformed id, and 400 for an empty or bad change', async () => {
    for (const id of ['6f1d2a10-0000-4000-8000-00000000abcd', 'not-a-uuid']) {
      assert.equal((await call('GET', `/api/automations/${id}`)).body.error.code, 'NOT_FOUND');
      assert.equal((await call('PATCH', `/api/automations/${id}`, { enabled: false })).status, 404);
      assert.equal((await call('DELETE', `/api/automations/${id}`)).status, 404);
    }
    const { body } = await call('POST', '/api/automations', valid);
    const id = body.automation.id;
    assert.equal((await call('PATCH', `/api/automations/${id}`, {})).status, 400);
    const patch = await call('PATCH', `/api/automations/${id}`, { keywords: ['ok', '…'] });
    assert.deepEqual(
      [patch.status, patch.body.error.details],
      [400, [{ path: 'keywords.1', message: '"…" has no letter or digit to match' }]],
    );
    const video = await call('PATCH', `/api/automations/${id}`, { reply: { template: '{{video_title}}' } });
    assert.equal(video.status, 400, 'a video variable needs the video');
    assert.deepEqual((await call('GET', `/api/automations/${id}`)).body.automation.keywords, ['guide'], 'unchanged');
  });

  it('answers 503 with a code when the CRM database or MediaPoster does not answer', async () => {
    const nowhere = createSupabase({ url: 'http://127.0.0.1:9', key: 'none' });
    const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
    const down = createApp(
      makeApiDeps({
        accounts: createAccountRepository(db),
        automations: createAutomationRepository(nowhere),
        videos: createVideoRepository(nowhere),
      }),
    );
    const ask = async (method: string, path: string, body?: unknown) => {
      const res = await down.request(
        path,
        body === undefined ? withKey({ method }) : withKey(jsonBody(body, { method })),
      );
      return [res.status, ((await res.json()) as Json).error.code];
    };
    assert.deepEqual(await ask('GET', '/api/automations'), [503, 'DB_UNAVAILABLE']);
    assert.deepEqual(await ask('POST', '/api/automations', valid), [503, 'DB_UNAVAILABLE']);
    assert.deepEqual(await ask('POST', '/api/automations', { ...valid, videoId: VIDEO }), [
      503,
      'MEDIAPOSTER_UNAVAILABLE',
    ]);
  });
});
