import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../src/adapters/db/account-repository';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createIdentityRepository } from '../../src/adapters/db/identity-repository';
import { createScoreRepository } from '../../src/adapters/db/score-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import { startTestSupabase, type BackendKind, type TestSupabase } from '../helpers/supabase';

// POST /api/contacts/{id}/merge and GET /api/contacts?duplicates=suspected over PostgREST, on
// PostgreSQL and on PGlite: the same merge the sync makes on evidence, asked for by hand. A merge
// never turns one handle's DM into another's (src/domain/merge-rules.ts).

const ACCOUNT = 'acct-merge';

for (const backend of ['postgres', 'pglite'] satisfies BackendKind[]) {
  describe(`contact merges by hand (${backend})`, () => {
    let sb: TestSupabase;
    let app: ReturnType<typeof createApp>;

    before(async () => {
      sb = await startTestSupabase(backend);
      const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
      await createAccountRepository(db).ensure(ACCOUNT, 'http://127.0.0.1:3100');
      app = createApp(
        makeApiDeps({
          contacts: createContactRepository(db),
          scores: createScoreRepository(db),
          identity: createIdentityRepository(db),
          config: { accountId: ACCOUNT },
        }),
      );
    });
    after(async () => void (await sb?.stop()));

    const q = <T>(sql: string, params: unknown[] = []) => sb.sql.query<T & Record<string, unknown>>(sql, params);

    /** A contact with a conversation holding these messages ("in:…" / "out:…"), in order; `minutes`: each one's sent_at. */
    async function contactWith(
      fields: { username?: string; display_name?: string; thread_id?: string; tags?: string[]; notes?: string },
      lines: string[],
      minutes?: number[],
    ) {
      const [c] = await q<{ id: string }>(
        `insert into contacts (account_id, username, display_name, thread_id, tags, notes) values ($1, $2, $3, $4, coalesce($5, '{}'::text[]), $6) returning id`,
        [
          ACCOUNT,
          fields.username ?? null,
          fields.display_name ?? null,
          fields.thread_id ?? null,
          fields.tags ?? null,
          fields.notes ?? null,
        ],
      );
      const [v] = await q<{ id: string }>(
        `insert into conversations (account_id, contact_id, message_count) values ($1, $2, $3) returning id`,
        [ACCOUNT, c!.id, lines.length],
      );
      for (const [position, line] of lines.entries()) {
        const sentAt = minutes ? new Date(Date.UTC(2026, 0, 1, 12, minutes[position])).toISOString() : null;
        await q(
          `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound, sent_at) values ($1, $2, $3, $4, $5, $6, $7)`,
          [ACCOUNT, v!.id, c!.id, position, line.slice(line.indexOf(':') + 1), line.startsWith('out:'), sentAt],
        );
      }
      await q(`update contacts set total_messages_sent = 99 where id = $1`, [c!.id]);
      return c!.id;
    }

    async function queue(
      contactId: string,
      username: string,
      key: string,
      text: string,
      o: { campaign?: string; status?: string } = {},
    ) {
      const [row] = await q<{ id: string }>(
        `insert into outreach_items (id, account_id, business_key, kind, contact_id, username, text, text_key, campaign, stop_on_reply, status, attempt_token)
         values (gen_random_uuid(), $1, $2, 'campaign', $3, $4, $5, $6, $7, true, $8, $9) returning id`,
        [
          ACCOUNT,
          key,
          contactId,
          username,
          text,
          `t:${text}`,
          o.campaign ?? null,
          o.status ?? 'queued',
          o.status === 'sending' ? 'token-1' : null,
        ],
      );
      return row!.id;
    }

    const merge = (id: string, into: string, handleChanged?: boolean) =>
      app.request(
        `/api/contacts/${id}/merge`,
        withKey(jsonBody(handleChanged === undefined ? { into } : { into, handleChanged })),
      );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const body = async (res: Response): Promise<any> => res.json();
    const lines = async (contactId: string) =>
      (
        await q<{ line: string }>(
          `select (case when is_outbound then 'out:' else 'in:' end) || message_text as line from messages where contact_id = $1 order by position`,
          [contactId],
        )
      ).map((r) => r.line);
    const items = (keys: string[]) =>
      q<{
        business_key: string;
        contact_id: string;
        username: string;
        status: string;
        last_error: string | null;
        attempt_token: string | null;
      }>(
        `select business_key, contact_id, username, status, last_error, attempt_token from outreach_items where business_key = any($1) order by business_key`,
        [keys],
      );
    const history = (key: string) =>
      q<{ status: string; detail: Record<string, string> }>(
        `select e.status, e.detail from outreach_item_events e join outreach_items i on i.id = e.item_id where i.business_key = $1 order by e.id`,
        [key],
      );

    it('joins two contacts: messages once in order, fields, counters, score, event, old id, pending DMs', async () => {
      const shared = ['in:Hey! Loved your last video', 'out:Thanks! What are you building?', 'in:ok', 'in:ok'];
      const survivor = await contactWith({ username: 'maya.creates', tags: ['vip'] }, [...shared, 'out:Talk soon']);
      const absorbed = await contactWith(
        { display_name: 'Maya Creates', thread_id: 'T-maya', tags: ['editor'], notes: 'met at the meetup' },
        ['in:Before anything', ...shared],
      );
      await queue(survivor, 'maya.creates', 'camp:spring:s', 'spring promo', { campaign: 'spring' });
      await queue(absorbed, 'maya.creates', 'camp:spring:a', 'spring promo again', { campaign: 'spring' });
      await queue(absorbed, 'maya.creates', 'camp:summer:a', 'summer promo', { campaign: 'summer' });

      const res = await merge(absorbed, 'maya.creates');
      assert.equal(res.status, 200);
      const answer = await body(res);
      assert.equal(answer.contact.id, survivor);
      assert.deepEqual(answer.merge, {
        survivorId: survivor,
        absorbedId: absorbed,
        messages: 6,
        outreachMoved: 1,
        outreachCancelled: 1,
        handleChanged: false,
      });

      assert.deepEqual(
        await lines(survivor),
        ['in:Before anything', ...shared, 'out:Talk soon'],
        "shared messages once, the repeat kept, each side's own kept",
      );
      const [c] = await q<{
        display_name: string;
        thread_id: string;
        tags: string[];
        notes: string;
        total_messages_sent: number;
        total_messages_received: number;
        relationship_score: number | null;
      }>(
        `select display_name, thread_id, tags, notes, total_messages_sent, total_messages_received, relationship_score from contacts where id = $1`,
        [survivor],
      );
      assert.deepEqual(
        [c!.display_name, c!.thread_id, c!.notes],
        ['Maya Creates', 'T-maya', 'met at the meetup'],
        'fields the survivor lacked',
      );
      assert.deepEqual(c!.tags, ['editor', 'vip']);
      assert.deepEqual(
        [c!.total_messages_sent, c!.total_messages_received],
        [2, 4],
        'counters recomputed from the messages',
      );
      assert.notEqual(c!.relationship_score, null, 'scored after the merge');

      const [event] = await q<{
        payload: { survivorId: string; absorbedId: string; evidence: { kind: string }; mergedBy: string };
      }>(`select payload from event_outbox where type = 'contact.merged' and entity_id = $1`, [survivor]);
      assert.deepEqual(
        event!.payload,
        {
          survivorId: survivor,
          absorbedId: absorbed,
          evidence: { kind: 'user', key: 'CRM_API_KEY' },
          mergedBy: 'user',
        },
        'which key merged them',
      );

      const old = await app.request(`/api/contacts/${absorbed}`, withKey());
      assert.equal(old.status, 200);
      assert.equal((await body(old)).contact.id, survivor, 'the old id answers with the survivor');

      assert.deepEqual(
        (await items(['camp:spring:a', 'camp:spring:s', 'camp:summer:a'])).map((i) => [
          i.business_key,
          i.contact_id === survivor,
          i.status,
        ]),
        [
          ['camp:spring:a', true, 'cancelled'],
          ['camp:spring:s', true, 'queued'],
          ['camp:summer:a', true, 'queued'],
        ],
        'one spring DM for the person; the summer one follows the survivor',
      );
      assert.deepEqual((await history('camp:spring:a')).at(-1), {
        status: 'cancelled',
        detail: { reason: 'merged_duplicate', survivorId: survivor, handle: 'maya.creates' },
      });
      assert.equal((await q(`select 1 from contacts where id = $1`, [absorbed])).length, 0);
    });

    it('refuses two different handles (409 naming both) and changes nothing', async () => {
      await contactWith({ username: 'lena.new' }, ['in:hi, new account here']);
      const other = await contactWith({ username: 'lena.old' }, ['in:hi from the old one']);
      await queue(other, 'lena.old', 'refuse:1', 'a DM for lena.old');
      const before = await q(
        `select (select count(*) from messages) as m, (select count(*) from contacts) as c, (select count(*) from outreach_items where status = 'queued') as o`,
      );

      for (const flag of [undefined, false]) {
        const res = await merge(other, 'lena.new', flag);
        assert.equal(res.status, 409);
        const { error } = await body(res);
        assert.equal(error.code, 'CONFLICT');
        assert.match(error.message, /@lena\.old and @lena\.new are two different handles/);
        assert.match(error.message, /"handleChanged": true/);
        assert.deepEqual(error.details, { reason: 'HANDLES_DIFFER', handle: 'lena.old', intoHandle: 'lena.new' });
      }
      assert.deepEqual(
        await q(
          `select (select count(*) from messages) as m, (select count(*) from contacts) as c, (select count(*) from outreach_items where status = 'queued') as o`,
        ),
        before,
      );
      assert.deepEqual(
        (await items(['refuse:1'])).map((i) => [i.contact_id === other, i.username, i.status]),
        [[true, 'lena.old', 'queued']],
      );
      assert.equal((await q(`select 1 from contact_merges where absorbed_id = $1`, [other])).length, 0);
    });

    it("a handle change joins them: the old handle's waiting DMs are cancelled, not moved, and both threads are kept whole", async () => {
      // Same texts on both sides ("ok", a greeting): two handles are two threads, nothing is de-duplicated.
      const keep = await contactWith(
        { username: 'sam.now' },
        ['in:hey it is me, new handle', 'out:ok', 'in:ok', 'in:see you'],
        [30, 31, 32, 50],
      );
      const old = await contactWith(
        { username: 'sam.before', display_name: 'Sam' },
        ['in:see you', 'out:ok', 'in:ok'],
        [10, 11, 40],
      );
      await queue(old, 'sam.before', 'hc:queued', 'queued for the old handle');
      await queue(old, 'sam.before', 'hc:approval', 'waiting for approval', { status: 'awaiting_approval' });
      await queue(old, 'sam.before', 'hc:sent', 'sent long ago', { status: 'sent' });
      await queue(keep, 'sam.now', 'hc:keep', 'queued for the new handle');

      const res = await merge(old, 'sam.now', true);
      assert.equal(res.status, 200);
      const answer = await body(res);
      assert.deepEqual(answer.merge, {
        survivorId: keep,
        absorbedId: old,
        messages: 7,
        outreachMoved: 0,
        outreachCancelled: 2,
        handleChanged: true,
      });
      assert.equal(answer.contact.username, 'sam.now');
      assert.deepEqual(
        await lines(keep),
        ['in:see you', 'out:ok', 'in:hey it is me, new handle', 'out:ok', 'in:ok', 'in:ok', 'in:see you'],
        'every message of both threads, each thread in its order, interleaved by time',
      );

      const after = await items(['hc:approval', 'hc:keep', 'hc:queued', 'hc:sent']);
      assert.deepEqual(
        after.map((i) => [i.business_key, i.contact_id === keep, i.username, i.status]),
        [
          ['hc:approval', true, 'sam.before', 'cancelled'],
          ['hc:keep', true, 'sam.now', 'queued'],
          ['hc:queued', true, 'sam.before', 'cancelled'],
          ['hc:sent', true, 'sam.before', 'sent'],
        ],
        'never re-addressed: cancelled if waiting, kept as history if done',
      );
      assert.match(after[0]!.last_error!, /merged into @sam\.now, another handle/);
      for (const key of ['hc:queued', 'hc:approval']) {
        assert.deepEqual((await history(key)).at(-1), {
          status: 'cancelled',
          detail: { reason: 'merged_into_other_handle', survivorId: keep, handle: 'sam.now' },
        });
      }
      const [event] = await q<{ payload: { evidence: Record<string, string> } }>(
        `select payload from event_outbox where type = 'contact.merged' and entity_id = $1`,
        [keep],
      );
      assert.deepEqual(event!.payload.evidence, {
        kind: 'user',
        handleChanged: 'true',
        fromHandle: 'sam.before',
        toHandle: 'sam.now',
        key: 'CRM_API_KEY',
      });
    });

    it('never moves a DM that is being sent: the merge is refused until it has gone out', async () => {
      const keep = await contactWith({ username: 'ravi.k' }, ['in:hello']);
      const dup = await contactWith({ display_name: 'Ravi K', thread_id: 'T-ravi' }, ['in:hello']);
      const sending = await queue(dup, 'ravi.k', 'send:1', 'going out now', { status: 'sending' });
      const res = await merge(dup, 'ravi.k');
      assert.equal(res.status, 409);
      const { error } = await body(res);
      assert.deepEqual([error.code, error.details], ['CONFLICT', { reason: 'DM_SENDING', itemIds: [sending] }]);
      assert.deepEqual(
        (await items(['send:1'])).map((i) => [i.contact_id === dup, i.username, i.status, i.attempt_token]),
        [[true, 'ravi.k', 'sending', 'token-1']],
      );

      const other = await contactWith({ username: 'ravi.old' }, ['in:old hello']);
      await queue(keep, 'ravi.k', 'send:2', 'to the survivor, going out', { status: 'sending' });
      assert.equal(
        (await merge(other, 'ravi.k', true)).status,
        409,
        'a DM going out to the survivor holds a merge too',
      );

      await q(`update outreach_items set status = 'sent', sent_at = now() where business_key in ('send:1', 'send:2')`);
      assert.equal((await merge(dup, 'ravi.k')).status, 200, 'once it has gone out');
      assert.deepEqual(
        (await items(['send:1'])).map((i) => [i.contact_id === keep, i.status]),
        [[true, 'sent']],
      );
    });

    it("one person, one opt-out: the survivor takes the absorbed contact's opt-out (why, when, which message) and its own waiting DMs are cancelled", async () => {
      const survivor = await contactWith({ username: 'stops.here' }, ['out:Hi there!']);
      const absorbed = await contactWith({ display_name: 'Stops Here' }, ['in:hello', 'in:please stop messaging me']);
      const [stop] = await q<{ id: string }>(
        `select id from messages where contact_id = $1 and message_text like 'please stop%'`,
        [absorbed],
      );
      await q(
        `update contacts set opted_out = true, opted_out_at = now(), opted_out_reason = 'stop messaging me', opted_out_by = 'message', opted_out_message_id = $2 where id = $1`,
        [absorbed, stop!.id],
      );
      await queue(survivor, 'stops.here', 'optout:s', 'a campaign DM for them', { campaign: 'autumn' });
      assert.equal((await merge(absorbed, 'stops.here')).status, 200);
      const [merged] = await q<{
        opted_out: boolean;
        opted_out_reason: string;
        opted_out_by: string;
        opted_out_message_id: string | null;
      }>(`select opted_out, opted_out_reason, opted_out_by, opted_out_message_id from contacts where id = $1`, [
        survivor,
      ]);
      assert.deepEqual(merged, {
        opted_out: true,
        opted_out_reason: 'stop messaging me',
        opted_out_by: 'message',
        opted_out_message_id: stop!.id,
      });
      const [dm] = await items(['optout:s']);
      assert.equal(dm!.status, 'cancelled', 'the person asked us to stop under their other name');
      assert.deepEqual((await history('optout:s')).at(-1)?.detail.reason, 'opted_out');
    });

    it('answers 404 for an unknown contact, 409 for a contact merged into itself, 400 for a bad body, and changes nothing', async () => {
      const a = await contactWith({ username: 'solo.one' }, ['in:hello there']);
      const before = await q(`select count(*) as n from messages`);
      assert.equal((await merge(a, '00000000-0000-4000-8000-000000000000')).status, 404);
      assert.equal((await merge('nobody.here', a)).status, 404);
      const self = await merge(a, 'solo.one');
      assert.equal(self.status, 409);
      assert.equal((await body(self)).error.code, 'CONFLICT');
      assert.equal((await app.request(`/api/contacts/${a}/merge`, withKey(jsonBody({ into: '' })))).status, 400);
      assert.equal(
        (await app.request(`/api/contacts/${a}/merge`, withKey(jsonBody({ into: 'x', handleChanged: 'yes' })))).status,
        400,
      );
      assert.deepEqual(await q(`select count(*) as n from messages`), before);
    });

    it('lists the pairs the evidence could not settle, with their contacts (GET /api/contacts?duplicates=suspected)', async () => {
      const a = await contactWith({ display_name: 'Ana Lopez' }, ['in:hola']);
      const b = await contactWith({ username: 'ana.x' }, ['in:hey']);
      const identity = createIdentityRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
      assert.equal(
        await identity.noteSuspects(ACCOUNT, [
          { a: b, b: a, reason: 'profile_tie', detail: { handle: 'ana.x', fullName: 'Ana Lopez' } },
        ]),
        1,
      );
      assert.equal(
        await identity.noteSuspects(ACCOUNT, [{ a, b, reason: 'profile_tie', detail: {} }]),
        0,
        'noting a pair again writes nothing',
      );
      const res = await app.request(`/api/contacts?duplicates=suspected`, withKey());
      assert.equal(res.status, 200);
      const list = await body(res);
      assert.equal(list.duplicates.length, 1);
      assert.deepEqual(new Set([list.duplicates[0].contactId, list.duplicates[0].otherId]), new Set([a, b]));
      assert.deepEqual(new Set(list.contacts.map((c: { id: string }) => c.id)), new Set([a, b]));
      assert.equal((await app.request(`/api/contacts?duplicates=maybe`, withKey())).status, 400);
    });
  });
}
