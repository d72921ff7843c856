import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContactRepository } from '../../src/adapters/db/contact-repository';
import { encodeCursor, type ContactListFilter } from '../../src/adapters/db/contact-query';
import type { ScoringRow } from '../../src/adapters/db/score-repository';
import { createApp } from '../../src/api/app';
import { contact } from '../domain/domain-fixtures';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';

// Contact routes over fakes: validation, 404s, what reaches the repository, response shapes.

type Envelope = { error: { code: string; message: string; details?: { path: string }[] } };
const ID = '00000000-0000-4000-8000-000000000001';
const row = (
  over: Partial<ScoringRow['contact']> = {},
  stored: ScoringRow['stored'] = { score: null, components: null, resonance: null },
): ScoringRow => ({
  contact: contact({ id: ID, ...over }),
  stored,
});

/** A contacts port whose every method fails unless the test gives it. */
function contactsFake(methods: Partial<ContactRepository>): ContactRepository {
  const fail = (name: string) => () => assert.fail(`contacts.${name} was not expected`);
  return {
    upsertContacts: fail('upsertContacts'),
    updateContact: fail('updateContact'),
    setOptOut: fail('setOptOut'),
    getContact: fail('getContact'),
    getScored: fail('getScored'),
    listContacts: fail('listContacts'),
    messagesOf: fail('messagesOf'),
    ...methods,
  };
}

describe('GET /api/contacts', () => {
  let seen: ContactListFilter | undefined;
  const next = { sort: 'score' as const, order: 'desc' as const, value: 70, id: ID };
  const app = createApp(
    makeApiDeps({
      contacts: contactsFake({
        listContacts: async (_account, filter) => {
          seen = filter;
          return { contacts: [contact({ id: ID, username: 'maker' })], next };
        },
      }),
    }),
  );

  it('passes the defaults (score, desc, 50, first page) and answers contacts, count and nextCursor', async () => {
    const res = await app.request('/api/contacts', withKey());
    assert.equal(res.status, 200);
    assert.deepEqual(seen, {
      stage: undefined,
      minScore: undefined,
      maxScore: undefined,
      tag: undefined,
      intent: undefined,
      q: undefined,
      sort: 'score',
      order: 'desc',
      limit: 50,
      after: null,
    });
    const body = (await res.json()) as { contacts: { username: string }[]; count: number; nextCursor: string };
    assert.deepEqual(
      [body.contacts.map((c) => c.username), body.count, body.nextCursor],
      [['maker'], 1, encodeCursor(next)],
    );
  });

  it('passes filters, sorts username ascending by default, and hands a cursor back decoded', async () => {
    const cursor = encodeCursor({ sort: 'username', order: 'asc', value: 'ben', id: ID });
    const res = await app.request(
      `/api/contacts?stage=fit_repeats&min_score=10&max_score=90&tag=vip&intent=interested&q=%20an%20&sort=username&limit=200&cursor=${cursor}`,
      withKey(),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(seen, {
      stage: 'fit_repeats',
      minScore: 10,
      maxScore: 90,
      tag: 'vip',
      intent: 'interested',
      q: 'an',
      sort: 'username',
      order: 'asc',
      limit: 200,
      after: { sort: 'username', order: 'asc', value: 'ben', id: ID },
    });
  });

  it("answers the original's unbounded ?limit=1000 with the first 200, nextCursor and a Warning", async () => {
    const res = await app.request('/api/contacts?limit=1000', withKey());
    assert.equal(res.status, 200);
    assert.equal(seen?.limit, 200);
    assert.equal(res.headers.get('warning'), '299 - "limit above 200 clamped to 200; follow nextCursor"');
    assert.equal(((await res.json()) as { nextCursor: string }).nextCursor, encodeCursor(next));
    const atMax = await app.request('/api/contacts?limit=200', withKey());
    assert.deepEqual([atMax.status, seen?.limit, atMax.headers.get('warning')], [200, 200, null]);
  });

  const BAD: [string, string][] = [
    ['stage=bogus', 'stage'],
    ['intent=excited', 'intent'],
    ['intent=', 'intent'],
    ['min_score=101', 'min_score'],
    ['min_score=-1', 'min_score'],
    ['max_score=abc', 'max_score'],
    ['min_score=60&max_score=50', 'min_score'],
    ['limit=0', 'limit'],
    ['limit=-5', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1e309', 'limit'],
    ['limit=2.5', 'limit'],
    ['sort=random', 'sort'],
    ['order=up', 'order'],
    ['q=%20%20', 'q'],
    [`q=${'x'.repeat(101)}`, 'q'],
    ['stage=first_touch&stage=trust_signals', 'stage'],
    ['cursor=not*base64', 'cursor'],
    ['cursor=bm9wZQ', 'cursor'],
    [`cursor=${encodeCursor({ sort: 'score', order: 'asc', value: 1, id: ID })}`, 'cursor'],
    ['offset=10', ''],
  ];
  for (const [query, path] of BAD) {
    it(`answers 400 for ?${query.slice(0, 40)} (${path || 'unknown parameter'})`, async () => {
      const res = await app.request(`/api/contacts?${query}`, withKey());
      assert.equal(res.status, 400);
      const body = (await res.json()) as Envelope;
      assert.equal(body.error.code, 'VALIDATION_FAILED');
      if (path)
        assert.ok(
          body.error.details?.some((d) => d.path === path),
          JSON.stringify(body.error.details),
        );
    });
  }
});

describe('GET /api/contacts/{id}', () => {
  it('answers 404 "Contact not found" for an unknown id or username', async () => {
    const app = createApp(makeApiDeps({ contacts: contactsFake({ getScored: async () => null }) }));
    const res = await app.request('/api/contacts/nobody', withKey());
    assert.equal(res.status, 404);
    const { error } = (await res.json()) as Envelope;
    assert.deepEqual([error.code, error.message], ['NOT_FOUND', 'Contact not found']);
  });
});

describe('POST /api/contacts', () => {
  const refused = createApp(makeApiDeps({ contacts: contactsFake({}) }));
  const BAD: [string, unknown][] = [
    ['a score (no mass assignment)', { username: 'maker', relationship_score: 100 }],
    ['an id', { username: 'maker', id: ID }],
    ['message totals', { username: 'maker', total_messages_sent: 9 }],
    ['no username', { display_name: 'Maker' }],
    ['a bad handle', { username: 'two words' }],
    ['a bad stage', { username: 'maker', pipeline_stage: 'customer' }],
  ];
  for (const [label, body] of BAD) {
    it(`answers 400 without writing for ${label}`, async () => {
      const res = await refused.request('/api/contacts', withKey(jsonBody(body)));
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as Envelope).error.code, 'VALIDATION_FAILED');
    });
  }

  it('answers 200 for an existing contact and reuses its stored resonance instead of reading messages', async () => {
    const stored = {
      score: 28,
      components: { recency: 20, resonance: 30, needClarity: 20, valueDelivered: 20, reliability: 50, consent: 30 },
      resonance: 30,
    };
    const written: unknown[] = [];
    const app = createApp(
      makeApiDeps({
        contacts: contactsFake({
          upsertContacts: async (_a, contacts) => {
            written.push(...contacts);
            return {
              created: 0,
              updated: 1,
              unchanged: 0,
              contacts: [{ id: ID, username: 'maker', status: 'updated' }],
            };
          },
          getScored: async () => row({ username: 'maker', notes: 'hi', relationshipScore: 28 }, stored),
        }),
      }),
    );
    const res = await app.request('/api/contacts', withKey(jsonBody({ username: '@Maker', notes: 'hi' })));
    assert.equal(res.status, 200);
    // Only the given fields travel (undefined ones vanish in the JSON sent to the database).
    assert.deepEqual(JSON.parse(JSON.stringify(written)), [{ username: 'maker', notes: 'hi' }]);
    const body = (await res.json()) as { contact: Record<string, unknown> };
    assert.deepEqual([body.contact.username, body.contact.relationship_score, body.contact.notes], ['maker', 28, 'hi']);
  });
});
