import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContactEventReader } from '../../src/adapters/db/contact-events';
import type { ContactRepository } from '../../src/adapters/db/contact-repository';
import { createContactEventReader } from '../../src/adapters/db/contact-events';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { makeApiDeps, withKey } from '../helpers/api';

// GET /api/contacts/{id}/events: the contact looked up by id or handle in the request's account,
// then its events (the outbox's payload as `data`), newest first as the reader gives them.

const CONTACT_ID = '0b7a4a52-3c55-4c4e-9d7b-0d2f2f0f7a01';
const contacts = {
  getContact: async (_account: string, id: string) => (id === 'maya' || id === CONTACT_ID ? { id: CONTACT_ID } : null),
} as unknown as ContactRepository;
const asked: unknown[] = [];
const reader: ContactEventReader = {
  ofContact: async (accountId, contactId, limit) => {
    asked.push([accountId, contactId, limit]);
    return [
      {
        id: 'e2',
        seq: 9,
        type: 'outreach.queued',
        entity_type: 'outreach_item',
        entity_id: 'i1',
        entity_seq: 1,
        occurred_at: '2026-11-25T11:00:00Z',
        payload: { status: 'awaiting_approval' },
      },
    ];
  },
};
const app = () => createApp(makeApiDeps({ contacts, contactEvents: reader }));

describe('GET /api/contacts/{id}/events', () => {
  it('answers the events of the contact named by handle, in its account, with the payload as data', async () => {
    const res = await app().request('/api/contacts/maya/events?accountId=acct-b&limit=5', withKey());
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      events: [
        {
          id: 'e2',
          seq: 9,
          type: 'outreach.queued',
          entity_type: 'outreach_item',
          entity_id: 'i1',
          entity_seq: 1,
          occurred_at: '2026-11-25T11:00:00Z',
          data: { status: 'awaiting_approval' },
        },
      ],
      count: 1,
    });
    assert.deepEqual(asked.at(-1), ['acct-b', CONTACT_ID, 5]);
  });

  it('answers 404 for an unknown contact, 400 for a bad limit, 503 DB_UNAVAILABLE when the database does not answer', async () => {
    assert.equal((await app().request('/api/contacts/nobody/events', withKey())).status, 404);
    for (const q of ['?limit=0', '?limit=201', '?other=1'])
      assert.equal((await app().request(`/api/contacts/maya/events${q}`, withKey())).status, 400, q);
    // The real reader over a data API that is not there (nothing listens on port 9).
    const down = createContactEventReader(createSupabase({ url: 'http://127.0.0.1:9', key: 'unused-key-0123456789' }));
    const res = await createApp(makeApiDeps({ contacts, contactEvents: down })).request(
      '/api/contacts/maya/events',
      withKey(),
    );
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'DB_UNAVAILABLE');
  });
});
