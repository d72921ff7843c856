import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../src/adapters/db/account-repository';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createIdentityRepository } from '../../src/adapters/db/identity-repository';
import { createScoreRepository } from '../../src/adapters/db/score-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// POST /api/contacts/{id}/merge and GET /api/contacts?duplicates=suspected over PostgREST → PGlite:
// the same merge the sync makes on evidence, asked for by hand.

const ACCOUNT = 'acct-merge';
let sb: TestSupabase;
let app: ReturnType<typeof createApp>;

before(async () => {
  sb = await startTestSupabase('pglite');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  await createAccountRepository(db).ensure(ACCOUNT, 'http://127.0.0.1:3100');
  app = createApp(makeApiDeps({
    contacts: createContactRepository(db), scores: createScoreRepository(db), identity: createIdentityRepository(db), config: { accountId: ACCOUNT },
  }));
});
after(async () => void (await sb?.stop()));

const q = <T>(sql: string, params: unknown[] = []) => sb.sql.query<T & Record<string, unknown>>(sql, params);

/** A contact with a conversation holding these messages ("in:…" / "out:…"), in order. */
async function contactWith(fields: { username?: string; display_name?: string; thread_id?: string; tags?: string[]; notes?: string }, lines: string[]) {
  const [c] = await q<{ id: string }>(
    `insert into contacts (account_id, username, display_name, thread_id, tags, notes) values ($1, $2, $3, $4, coalesce($5, '{}'::text[]), $6) returning id`,
    [ACCOUNT, fields.username ?? null, fields.display_name ?? null, fields.thread_id ?? null, fields.tags ?? null, fields.notes ?? null]);
  const [v] = await q<{ id: string }>(`insert into conversations (account_id, contact_id, message_count) values ($1, $2, $3) returning id`, [ACCOUNT, c!.id, lines.length]);
  for (const [position, line] of lines.entries()) {
    await q(`insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound) values ($1, $2, $3, $4, $5, $6)`,
      [ACCOUNT, v!.id, c!.id, position, line.slice(line.indexOf(':') + 1), line.startsWith('out:')]);
  }
  await q(`update contacts set total_messages_sent = 99 where id = $1`, [c!.id]);
  return c!.id;
}

async function queue(contactId: string, username: string, key: string, text: string, campaign: string | null = null) {
  await q(`insert into outreach_items (id, account_id, business_key, kind, contact_id, username, text, text_key, campaign, stop_on_reply, status)
           values (gen_random_uuid(), $1, $2, 'campaign', $3, $4, $5, $6, $7, true, 'queued')`, [ACCOUNT, key, contactId, username, text, `t:${text}`, campaign]);
}

const merge = (id: string, into: string) => app.request(`/api/contacts/${id}/merge`, withKey(jsonBody({ into })));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const body = async (res: Response): Promise<any> => res.json();

describe('POST /api/contacts/{id}/merge', () => {
  it('joins two contacts: messages once in order, fields, counters, score, event, old id, pending DMs', async () => {
    const shared = ['in:Hey! Loved your last video', 'out:Thanks! What are you building?', 'in:ok', 'in:ok'];
    const survivor = await contactWith({ username: 'maya.creates', tags: ['vip'] }, [...shared, 'out:Talk soon']);
    const absorbed = await contactWith({ display_name: 'Maya Creates', thread_id: 'T-maya', tags: ['editor'], notes: 'met at the meetup' }, ['in:Before anything', ...shared]);
    await queue(survivor, 'maya.creates', 'camp:spring:s', 'spring promo', 'spring');
    await queue(absorbed, 'maya.creates', 'camp:spring:a', 'spring promo again', 'spring');
    await queue(absorbed, 'maya.creates', 'camp:summer:a', 'summer promo', 'summer');

    const res = await merge(absorbed, 'maya.creates');
    assert.equal(res.status, 200);
    const answer = await body(res);
    assert.equal(answer.contact.id, survivor);
    assert.deepEqual(answer.merge, { survivorId: survivor, absorbedId: absorbed, messages: 6, outreachMoved: 1, outreachCancelled: 1 });

    const lines = (await q<{ line: string }>(`select (case when is_outbound then 'out:' else 'in:' end) || message_text as line from messages where contact_id = $1 order by position`, [survivor])).map((r) => r.line);
    assert.deepEqual(lines, ['in:Before anything', ...shared, 'out:Talk soon'], 'shared messages once, the repeat kept, each side\'s own kept');
    const [c] = await q<{ display_name: string; thread_id: string; tags: string[]; notes: string; total_messages_sent: number; total_messages_received: number; relationship_score: number | null }>(
      `select display_name, thread_id, tags, notes, total_messages_sent, total_messages_received, relationship_score from contacts where id = $1`, [survivor]);
    assert.deepEqual([c!.display_name, c!.thread_id, c!.notes], ['Maya Creates', 'T-maya', 'met at the meetup'], 'fields the survivor lacked');
    assert.deepEqual(c!.tags, ['editor', 'vip']);
    assert.deepEqual([c!.total_messages_sent, c!.total_messages_received], [2, 4], 'counters recomputed from the messages');
    assert.notEqual(c!.relationship_score, null, 'scored after the merge');

    const [event] = await q<{ payload: { survivorId: string; absorbedId: string; evidence: { kind: string }; mergedBy: string } }>(
      `select payload from event_outbox where type = 'contact.merged' and entity_id = $1`, [survivor]);
    assert.deepEqual(event!.payload, { survivorId: survivor, absorbedId: absorbed, evidence: { kind: 'user' }, mergedBy: 'user' });

    const old = await app.request(`/api/contacts/${absorbed}`, withKey());
    assert.equal(old.status, 200);
    assert.equal((await body(old)).contact.id, survivor, 'the old id answers with the survivor');

    const items = await q<{ business_key: string; contact_id: string; status: string }>(`select business_key, contact_id, status from outreach_items order by business_key`);
    assert.deepEqual(items.map((i) => [i.business_key, i.contact_id === survivor, i.status]), [
      ['camp:spring:a', true, 'cancelled'], ['camp:spring:s', true, 'queued'], ['camp:summer:a', true, 'queued'],
    ], 'one spring DM for the person; the summer one follows the survivor');
    assert.equal((await q(`select 1 from contacts where id = $1`, [absorbed])).length, 0);
  });

  it('answers 404 for an unknown contact, 409 for a contact merged into itself, and changes nothing', async () => {
    const a = await contactWith({ username: 'solo.one' }, ['in:hello there']);
    const before = await q(`select count(*) as n from messages`);
    assert.equal((await merge(a, '00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await merge('nobody.here', a)).status, 404);
    const self = await merge(a, 'solo.one');
    assert.equal(self.status, 409);
    assert.equal((await body(self)).error.code, 'CONFLICT');
    assert.equal((await app.request(`/api/contacts/${a}/merge`, withKey(jsonBody({ into: '' })))).status, 400);
    assert.deepEqual(await q(`select count(*) as n from messages`), before);
  });
});

describe('GET /api/contacts?duplicates=suspected', () => {
  it('lists the pairs the evidence could not settle, with their contacts', async () => {
    const a = await contactWith({ display_name: 'Ana Lopez' }, ['in:hola']);
    const b = await contactWith({ username: 'ana.x' }, ['in:hey']);
    const identity = createIdentityRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
    assert.equal(await identity.noteSuspects(ACCOUNT, [{ a: b, b: a, reason: 'profile_tie', detail: { handle: 'ana.x', fullName: 'Ana Lopez' } }]), 1);
    assert.equal(await identity.noteSuspects(ACCOUNT, [{ a, b, reason: 'profile_tie', detail: {} }]), 0, 'noting a pair again writes nothing');
    const res = await app.request(`/api/contacts?duplicates=suspected`, withKey());
    assert.equal(res.status, 200);
    const list = await body(res);
    assert.equal(list.duplicates.length, 1);
    assert.deepEqual(new Set([list.duplicates[0].contactId, list.duplicates[0].otherId]), new Set([a, b]));
    assert.deepEqual(new Set(list.contacts.map((c: { id: string }) => c.id)), new Set([a, b]));
    assert.equal((await app.request(`/api/contacts?duplicates=maybe`, withKey())).status, 400);
  });
});
