import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../../src/adapters/db/account-repository';
import { createContactRepository } from '../../../src/adapters/db/contact-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { EVENT_CATALOGUE } from '../../../src/domain/event-catalogue';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// Contact writes are planned from a read and written compare-and-set (crm_upsert_contacts): on
// PostgreSQL, writers racing on one contact each land once, in some order, with one event each.

let sb: TestSupabase;
let contacts: ReturnType<typeof createContactRepository>;
const ACCOUNT = 'upserts';

before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  contacts = createContactRepository(db);
  await createAccountRepository(db).ensure(ACCOUNT, 'http://127.0.0.1:3100');
});
after(async () => {
  await sb?.stop();
});

const eventsOf = async (username: string) =>
  sb.sql.query<{ type: string; payload: Record<string, unknown> }>(
    `select e.type, e.payload from event_outbox e join contacts c on e.entity_id = c.id::text where c.username = $1 order by e.entity_seq`,
    [username],
  );

describe('contact writes racing (PostgreSQL)', () => {
  it('ten writers creating one handle at once: one creates it, the others update it, each change with its event', async () => {
    const notes = Array.from({ length: 10 }, (_, i) => `note ${i}`);
    const results = await Promise.all(
      notes.map((note) => contacts.upsertContacts(ACCOUNT, [{ username: 'race.same', notes: note }])),
    );
    const statuses = results.map((r) => r.contacts[0]!.status);
    assert.equal(statuses.filter((s) => s === 'created').length, 1, statuses.join());
    assert.equal(new Set(results.map((r) => r.contacts[0]!.id)).size, 1);
    const events = await eventsOf('race.same');
    assert.equal(events[0]!.type, 'contact.created');
    assert.equal(events.length, 1 + statuses.filter((s) => s === 'updated').length);
    for (const e of events) EVENT_CATALOGUE[e.type as 'contact.created'].parse(e.payload);
    const [stored] = await sb.sql.query<{ notes: string }>(`select notes from contacts where username = 'race.same'`);
    const last = events.at(-1)!.payload as { contact: unknown; changes?: { notes: string } };
    assert.equal(
      stored!.notes,
      last.changes?.notes ?? notes[statuses.indexOf('created')],
      "the stored value is the last event's",
    );
  });

  it('writers updating different fields of one contact at once all land', async () => {
    const [
      {
        contacts: [made],
      },
    ] = await Promise.all([contacts.upsertContacts(ACCOUNT, [{ username: 'race.fields' }])]);
    const fields = [
      { notes: 'n' },
      { currentFriction: 'f' },
      { whatTheyreBuilding: 'w' },
      { tags: ['t'] },
      { displayName: 'D' },
    ];
    const statuses = await Promise.all(fields.map((f) => contacts.updateContact(ACCOUNT, made!.id, f)));
    assert.deepEqual(statuses, ['updated', 'updated', 'updated', 'updated', 'updated']);
    const [row] = await sb.sql.query<Record<string, unknown>>(
      `select notes, current_friction, what_theyre_building, tags, display_name from contacts where id = $1`,
      [made!.id],
    );
    assert.deepEqual(row, {
      notes: 'n',
      current_friction: 'f',
      what_theyre_building: 'w',
      tags: ['t'],
      display_name: 'D',
    });
    assert.equal((await eventsOf('race.fields')).filter((e) => e.type === 'contact.updated').length, 5);
  });
});
