import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createScoreRepository } from '../../src/adapters/db/score-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import { insertRows, type Json } from '../helpers/data-api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// Coaching and copilot on contacts read through supabase-js → PostgREST → PGlite.
// The clock is makeApiDeps' fixed 2026-11-25T12:00Z.

const ACCOUNT = 'acct-assist';

const MAYA_THREAD: [string, boolean][] = [
  ['What are you building right now? Tell me more about your project', true],
  ['A course for designers', false],
  ['Would you like a template I found helpful?', true],
  ["I'm stuck with my content, no ideas left", false],
];

describe('coaching and copilot over the data API', () => {
  let sb: TestSupabase;
  let app: ReturnType<typeof createApp>;

  before(async () => {
    sb = await startTestSupabase('pglite');
    const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
    app = createApp(
      makeApiDeps({
        contacts: createContactRepository(db),
        scores: createScoreRepository(db),
        config: { accountId: ACCOUNT },
      }),
    );
    const [id] = await insertRows(db, 'contacts', [
      { account_id: ACCOUNT, username: 'maya', last_message_at: '2026-11-24T12:00:00Z' },
    ]);
    const [conv] = await insertRows(db, 'conversations', [{ account_id: ACCOUNT, contact_id: id }]);
    const thread = MAYA_THREAD.map(([text, out], i) => ({
      account_id: ACCOUNT,
      conversation_id: conv,
      contact_id: id,
      position: i,
      message_text: text,
      is_outbound: out,
    }));
    await insertRows(db, 'messages', thread);
    await insertRows(db, 'contacts', [{ account_id: ACCOUNT, username: 'gone', opted_out: true }]);
  });
  after(async () => {
    await sb?.stop();
  });

  const post = async (path: string, body: unknown) => {
    const res = await app.request(path, withKey(jsonBody(body)));
    return { status: res.status, body: (await res.json()) as Json };
  };

  it("coaches a contact's conversation from its stored messages", async () => {
    const { status, body } = await post('/api/coaching/analyze', { contact_id: 'maya' });
    assert.equal(status, 200);
    // Every positive rule matches; no pushy words (80); no wall of text (80):
    // 100 × .2 + 100 × .25 + 90 × .25 + 100 × .15 + 80 × .15 = 94.5 → 95.
    assert.deepEqual(body, {
      overallScore: 95,
      curiosityScore: 100,
      valueScore: 100,
      permissionScore: 90,
      personalizationScore: 100,
      pacingScore: 80,
      strengths: [
        'Asks open-ended questions',
        'Shows curiosity about what they share',
        'Offers help and resources',
        'Shares insights and ideas',
        'Asks permission before offering',
      ],
      improvements: [],
      nextActionSuggestion: 'Excellent conversation! Keep nurturing this relationship',
      messagesAnalyzed: 4,
    });
  });

  it('coaches raw messages without touching a contact', async () => {
    const messages = [
      { text: 'buy now, limited time offer', is_outbound: true },
      { text: 'you should buy my course', is_outbound: true },
      { text: 'you need to act', is_outbound: true },
      { text: 'no thanks', is_outbound: false },
    ];
    const { status, body } = await post('/api/coaching/analyze', { messages });
    assert.equal(status, 200);
    // curiosity 30, value 30, permission (30 + 20) / 2 = 25, personalization 30, pacing 80 → 36.25 → 36.
    assert.deepEqual(
      [
        body.overallScore,
        body.curiosityScore,
        body.valueScore,
        body.permissionScore,
        body.personalizationScore,
        body.pacingScore,
      ],
      [36, 30, 30, 25, 30, 80],
    );
    assert.deepEqual(body.strengths, ['Good message length']);
    assert.equal((body.improvements as string[]).length, 5);
    assert.equal((body.improvements as string[])[0], 'Ask open-ended questions (what, how, why) to learn about them');
    assert.equal(
      body.nextActionSuggestion,
      'Focus on asking open-ended questions and providing value before any offers',
    );
    assert.equal(body.messagesAnalyzed, 4);
  });

  it('suggests replies for a contact from its conversation, and echoes the goal', async () => {
    const { status, body } = await post('/api/copilot/suggest', {
      contact_id: 'maya',
      context: 'get them to book a call',
    });
    assert.equal(status, 200);
    assert.equal(body.lane, 'friendship', 'never scored, first touch');
    assert.deepEqual(body.context, {
      sentiment: 'negative',
      topic: 'content',
      needsResponse: true,
      lastMessageDaysAgo: 1,
    });
    const suggestions = body.suggestions as {
      templateId: string;
      priority: number;
      personalized: string;
      reason: string;
    }[];
    // 50 + own lane 20 + their turn 15 + any stage 5 + priority / 10; service: +10 (struggling), no lane bonus.
    assert.deepEqual(
      suggestions.map((s) => [s.templateId, s.priority]),
      [
        ['f1', 98],
        ['f2', 97.5],
        ['f3', 92],
        ['s1', 88.5],
        ['s3', 87.5],
      ],
    );
    assert.equal(suggestions[2]!.personalized, "how's that project coming along?");
    assert.equal(suggestions[0]!.reason, 'Follow up on something they shared (friendship lane, score: unscored)');
    assert.deepEqual(body.fitOpportunity, {
      configId: 'content-system',
      product: 'content system session',
      matches: ['content', 'ideas'],
      offerTemplate:
        'sounds like content is the bottleneck — want me to walk you through the system i use? no pressure.',
    });
    assert.equal(body.goal, 'get them to book a call');
  });

  it('answers 409 for a contact who opted out', async () => {
    const { status, body } = await post('/api/copilot/suggest', { contact_id: 'gone' });
    assert.equal(status, 409);
    assert.deepEqual([(body.error as Json).code, (body.error as Json).message], ['CONFLICT', 'contact opted out']);
  });

  it('answers 404 for an unknown contact on both routes', async () => {
    assert.equal((await post('/api/copilot/suggest', { contact_id: 'nobody' })).status, 404);
    assert.equal((await post('/api/coaching/analyze', { contact_id: 'nobody' })).status, 404);
  });
});
