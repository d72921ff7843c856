import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createInboxRepository, type InboxRepository } from '../../../src/adapters/db/inbox-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { AMBIGUOUS_NAME } from '../../../src/domain/read-queue';
import { listingRow } from '../../helpers/listing-row';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// The inbox repository over the real data API: what a listing can match, claims, and the guard
// that keeps two writers of one thread from interleaving.

let sb: TestSupabase;
let inbox: InboxRepository;
before(async () => {
  sb = await startTestSupabase('pglite');
  inbox = createInboxRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
});
after(async () => {
  await sb?.stop();
});

const row = listingRow;

describe('identitiesForListing', () => {
  it('returns exactly the contacts a listing row could match, and no others', async () => {
    await inbox.storeListing('ids', [
      row({ username: 'by.handle', listingName: 'by.handle' }),
      row({ username: 'by.thread', threadId: 't-1', listingName: 'x' }),
      row({ displayName: 'Maya  Creates', threadId: 't-2', listingName: 'Maya  Creates' }),
      row({ username: 'unrelated', displayName: 'Someone Else', listingName: 'unrelated' }),
    ]);
    const found = await inbox.identitiesForListing('ids', [
      { name: 'By.Handle', threadId: null },
      { name: 'Whoever', threadId: 't-1' },
      { name: ' maya creates ', threadId: null },
    ]);
    assert.deepEqual(found.map((k) => k.username ?? k.displayName).sort(), ['Maya  Creates', 'by.handle', 'by.thread']);
    assert.deepEqual(await inbox.identitiesForListing('other-account', [{ name: 'by.handle', threadId: 't-1' }]), []);
  });

  it("returns every match past the data API's 1000-row page (a whole large listing)", async () => {
    await sb.sql.exec(
      `insert into contacts (account_id, username, thread_id) select 'big', 'user_' || g, 'thread-' || g from generate_series(1, 1200) g`,
    );
    const rows = Array.from({ length: 1200 }, (_, i) => ({ name: `Shown Name ${i}`, threadId: `thread-${i + 1}` }));
    assert.equal((await inbox.identitiesForListing('big', rows)).length, 1200);
  });
});

describe('claims and the write guard', () => {
  it('flags a conversation listed under a name another conversation shares', async () => {
    await inbox.storeListing('shared', [
      row({ displayName: 'Alex Smith', threadId: 's-1', listingName: 'Alex Smith' }),
      row({ displayName: 'Alex Smith', threadId: 's-2', listingName: 'Alex Smith' }),
      row({ username: 'solo', listingName: 'solo' }),
    ]);
    const claimed = await inbox.claimThreads('shared', 'tok-a', 10, 10, null);
    const flags = Object.fromEntries(
      claimed.map((t) => [`${t.listingName}/${t.contact.thread_id ?? '-'}`, t.listingNameShared]),
    );
    assert.deepEqual(flags, { 'Alex Smith/s-1': true, 'Alex Smith/s-2': true, 'solo/-': false });
  });

  it("flags a name another conversation's person could be opened by: a display name or handle they were ever seen with, in any case", async () => {
    await inbox.storeListing('shared-any', [
      // Nora B's display name is known, but this listing showed her handle.
      row({ displayName: 'Nora Rossi', threadId: 'n-1', listingName: 'Nora Rossi' }),
      row({ username: 'nora_b', displayName: 'Nora Rossi', threadId: 'n-2', listingName: 'nora_b' }),
      row({ displayName: 'Kim Park', threadId: 'k-1', listingName: 'Kim Park' }),
      row({ displayName: 'kim park', threadId: 'k-2', listingName: 'kim park' }),
      // Someone showing another contact's handle as their name.
      row({ username: 'jo.codes', listingName: 'jo.codes' }),
      row({ displayName: 'Jo.Codes', threadId: 'j-2', listingName: 'Jo.Codes' }),
      row({ username: 'solo', displayName: 'Solo Act', listingName: 'Solo Act' }),
      // Lee was shown as "Ana Lee" once; she has another display name now.
      row({ username: 'lee.was', displayName: 'Ana Lee', listingName: 'lee.was' }),
      row({ displayName: 'Ana  Lee', threadId: 'a-2', listingName: 'Ana  Lee' }),
    ]);
    await sb.sql.exec(`update contacts set display_name = 'Ana Lee-Park' where username = 'lee.was'`);
    const claimed = await inbox.claimThreads('shared-any', 'tok-any', 10, 10, null);
    const flags = Object.fromEntries(claimed.map((t) => [t.listingName, t.listingNameShared]));
    assert.deepEqual(flags, {
      'Nora Rossi': true,
      nora_b: false,
      'Kim Park': true,
      'kim park': true,
      'jo.codes': true,
      'Jo.Codes': true,
      'Solo Act': false,
      'lee.was': false,
      'Ana  Lee': true,
    });
  });

  it('gives a claim token its own rows back and no one else', async () => {
    await inbox.storeListing('tokens', [
      row({ username: 'a1', listingName: 'a1' }),
      row({ username: 'a2', listingName: 'a2' }),
    ]);
    const first = await inbox.claimThreads('tokens', 'tok-1', 1, 10, null);
    const again = await inbox.claimThreads('tokens', 'tok-1', 1, 10, null);
    const other = await inbox.claimThreads('tokens', 'tok-2', 5, 10, null);
    assert.deepEqual(
      again.map((t) => t.conversationId),
      first.map((t) => t.conversationId),
      'a retry re-claims its own',
    );
    assert.equal(other.length, 1, 'the other token gets only the unclaimed one');
    assert.notEqual(other[0]!.conversationId, first[0]!.conversationId);
  });

  it('writes nothing for a thread that changed since it was read, and keeps it queued', async () => {
    await inbox.storeListing('guard', [row({ username: 'guarded', listingName: 'guarded' })]);
    const [thread] = await inbox.claimThreads('guard', 'tok-g', 1, 10, null);
    await sb.sql.query('update conversations set message_count = message_count + 1 where id = $1', [
      thread!.conversationId,
    ]);
    const result = await inbox.applyThreadReads(
      'guard',
      'tok-g',
      [
        {
          conversationId: thread!.conversationId,
          expectedCount: 0,
          messages: [{ text: 'late', isOutbound: false, messageType: 'text', sentAt: null }],
        },
      ],
      [],
    );
    assert.deepEqual(
      { applied: result.applied, added: result.messagesAdded, conflicts: result.conflicts },
      { applied: [], added: 0, conflicts: 1 },
    );
    const [state] = await sb.sql.query<{ needs_read: boolean; read_claim: string | null }>(
      'select needs_read, read_claim from conversations where id = $1',
      [thread!.conversationId],
    );
    assert.deepEqual(state, { needs_read: true, read_claim: null }, 'released, still queued for a re-read');
  });
});

describe('a failed read, at the next listing', () => {
  /** One conversation listed, claimed, and its read failed with `error`; then the same row listed again. */
  async function failThenListAgain(account: string, error: string, relisted: Record<string, unknown> = {}) {
    const listed = row({ username: `${account}-person`, listingName: `${account}-person` });
    await inbox.storeListing(account, [listed]);
    const [thread] = await inbox.claimThreads(account, `tok-${account}`, 1, 10, null);
    await inbox.applyThreadReads(account, `tok-${account}`, [{ conversationId: thread!.conversationId, error }], []);
    const state = () =>
      sb.sql.query<{ needs_read: boolean; last_read_error: string | null }>(
        'select needs_read, last_read_error from conversations where id = $1',
        [thread!.conversationId],
      );
    const [failed] = await state();
    assert.deepEqual(failed, { needs_read: false, last_read_error: error }, 'unqueued with why');
    const counts = await inbox.storeListing(account, [{ ...listed, contactId: thread!.contactId, ...relisted }]);
    const [after] = await state();
    return { queued: counts.queued, needsRead: after!.needs_read };
  }

  it('is queued again, and counted, though its row shows just what is stored', async () => {
    assert.deepEqual(await failThenListAgain('hiccup', 'NOT_FOUND: no conversation to open (Element not found)'), {
      queued: 1,
      needsRead: true,
    });
  });

  it('not after our own refusal to open a shared name', async () => {
    assert.deepEqual(
      await failThenListAgain('refused', `${AMBIGUOUS_NAME}: another conversation is listed under this name`),
      { queued: 0, needsRead: false },
    );
  });

  it('after that refusal, once a listing shows the thread under another name', async () => {
    assert.deepEqual(
      await failThenListAgain('renamed', `${AMBIGUOUS_NAME}: another conversation is listed under this name`, {
        listingName: 'Renamed Person',
      }),
      { queued: 1, needsRead: true },
    );
  });
});
