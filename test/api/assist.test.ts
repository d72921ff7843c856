import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContactRepository } from '../../src/adapters/db/contact-repository';
import { createApp } from '../../src/api/app';
import { contact } from '../domain/domain-fixtures';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';

// Coaching and copilot routes over fakes: validation, 404, 409 and the answers' shapes.

type Envelope = { error: { code: string; message: string } };

const refused = createApp(makeApiDeps());
async function expect400(path: string, body: unknown) {
  const res = await refused.request(path, withKey(jsonBody(body)));
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as Envelope).error.code, 'VALIDATION_FAILED');
}

describe('POST /api/coaching/analyze', () => {
  const BAD: [string, unknown][] = [
    ['neither contact_id nor messages', {}],
    ['both contact_id and messages', { contact_id: 'maker', messages: [{ text: 'hi', is_outbound: true }] }],
    ['an empty conversation', { messages: [] }],
    ['more than 500 messages', { messages: Array.from({ length: 501 }, () => ({ text: 'hi', is_outbound: true })) }],
    ['a message without direction', { messages: [{ text: 'hi' }] }],
    ['a message with an unknown field', { messages: [{ text: 'hi', is_outbound: true, sender: 'me' }] }],
    ['an unknown field', { contact_id: 'maker', deep: true }],
  ];
  for (const [label, body] of BAD) it(`answers 400 for ${label}`, () => expect400('/api/coaching/analyze', body));

  it('coaches raw messages with the engine result and how many messages it read', async () => {
    const res = await refused.request(
      '/api/coaching/analyze',
      withKey(jsonBody({ messages: [{ text: 'hey', is_outbound: true }] })),
    );
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    // Nothing matches: curiosity 30, value 30, permission (30 + 80) / 2 = 55, personalization 30, pacing 80:
    // 6 + 7.5 + 13.75 + 4.5 + 12 = 43.75 → 44.
    assert.deepEqual([body.overallScore, body.permissionScore, body.messagesAnalyzed], [44, 55, 1]);
    assert.deepEqual(Object.keys(body).sort(), [
      'curiosityScore',
      'improvements',
      'messagesAnalyzed',
      'nextActionSuggestion',
      'overallScore',
      'pacingScore',
      'permissionScore',
      'personalizationScore',
      'strengths',
      'valueScore',
    ]);
  });
});

describe('POST /api/copilot/suggest', () => {
  const BAD: [string, unknown][] = [
    ['no contact_id', {}],
    ['a context over 2000 characters', { contact_id: 'maker', context: 'x'.repeat(2001) }],
    ['messages instead of a contact', { contact_id: 'maker', messages: [] }],
  ];
  for (const [label, body] of BAD) it(`answers 400 for ${label}`, () => expect400('/api/copilot/suggest', body));

  const contacts = (optedOut: boolean): ContactRepository =>
    ({
      getContact: async (_a: string, key: string) => (key === 'maker' ? contact({ optedOut }) : null),
      messagesOf: async () =>
        optedOut ? assert.fail('no messages read for an opted-out contact') : { messages: [], total: 0 },
    }) as unknown as ContactRepository;

  it('answers 409 CONFLICT for an opted-out contact', async () => {
    const app = createApp(makeApiDeps({ contacts: contacts(true) }));
    const res = await app.request('/api/copilot/suggest', withKey(jsonBody({ contact_id: 'maker' })));
    assert.equal(res.status, 409);
    const { error } = (await res.json()) as Envelope;
    assert.deepEqual([error.code, error.message], ['CONFLICT', 'contact opted out']);
  });

  it('answers 404 for an unknown contact', async () => {
    const app = createApp(makeApiDeps({ contacts: contacts(false) }));
    const res = await app.request('/api/copilot/suggest', withKey(jsonBody({ contact_id: 'nobody' })));
    assert.equal(res.status, 404);
  });

  it('answers lane, context, five suggestions, fitOpportunity and the goal (null when none given)', async () => {
    const app = createApp(makeApiDeps({ contacts: contacts(false) }));
    const res = await app.request('/api/copilot/suggest', withKey(jsonBody({ contact_id: 'maker' })));
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      lane: string;
      context: unknown;
      suggestions: unknown[];
      fitOpportunity: unknown;
      goal: unknown;
    };
    // No messages: their turn (needsResponse), neutral, never messaged (999 days).
    assert.deepEqual(
      [body.lane, body.context, body.suggestions.length, body.fitOpportunity, body.goal],
      [
        'friendship',
        { sentiment: 'neutral', topic: 'general', needsResponse: true, lastMessageDaysAgo: 999 },
        5,
        null,
        null,
      ],
    );
  });
});
