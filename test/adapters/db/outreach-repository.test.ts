import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../../src/adapters/db/account-repository';
import { createOutreachRepository, type NewOutreachItem } from '../../../src/adapters/db/outreach-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { UNVERIFIED_RECIPIENT } from '../../../src/domain/send-outcomes';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// The outreach ledger's storage rules, through the data API: one row per business key, moves
// guarded by status and attempt token, repeated calls that change nothing twice.

let sb: TestSupabase;
let repo: ReturnType<typeof createOutreachRepository>;
const ACCOUNT = 'ledger';
let contactId: string;

const item = (key: string, overrides: Partial<NewOutreachItem> = {}): NewOutreachItem => ({
  id: randomUUID(),
  businessKey: key,
  kind: 'queued',
  contactId,
  username: 'maya.creates',
  text: `hello ${key}`,
  textKey: key,
  priority: 50,
  scheduledAt: null,
  campaign: null,
  template: null,
  videoId: null,
  stopOnReply: false,
  requiresApproval: false,
  status: 'queued',
  notifyWorkflowId: null,
  requestId: null,
  event: { note: key },
  ...overrides,
});
const events = async (type: string) =>
  (await sb.sql.query(`select 1 from event_outbox where account_id = $1 and type = $2`, [ACCOUNT, type])).length;

// Cheap enough to run on both: PGlite, and the PostgreSQL users run.
for (const backend of ['pglite', 'postgres'] as const) {
  describe(`outreach repository over ${backend}`, () => {
    before(async () => {
      sb = await startTestSupabase(backend);
      const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
      repo = createOutreachRepository(db);
      await createAccountRepository(db).ensure(ACCOUNT, 'http://127.0.0.1:3100');
      [{ id: contactId }] = (await sb.sql.query<{ id: string }>(
        `insert into contacts (account_id, username) values ($1, 'maya.creates') returning id`,
        [ACCOUNT],
      )) as [{ id: string }];
    });
    after(async () => {
      await sb?.stop();
    });

    it('stores one item per business key and returns the stored one for a repeat', async () => {
      const first = item('k1');
      const [a] = (await repo.enqueue(ACCOUNT, [first])).items;
      const second = await repo.enqueue(ACCOUNT, [item('k1', { text: 'other text' }), item('k2')]);
      const [b, c] = second.items;
      assert.equal(second.pending, 2, 'k1 and k2 wait');
      assert.equal(a?.created, true);
      assert.equal(b?.created, false);
      assert.equal(b?.item.id, first.id);
      assert.equal(b?.item.text, 'hello k1', 'the stored item is untouched');
      assert.equal(c?.created, true);
      assert.equal(await events('outreach.queued'), 2, 'one event per new item');
    });

    it('reserves an item once: a second reservation under another token fails, a repeat of the same one reports "already"', async () => {
      const { item: stored } = (await repo.enqueue(ACCOUNT, [item('k3', { priority: 99 })])).items[0]!;
      const snap = await repo.snapshot(ACCOUNT, Date.now(), 86_400_000);
      assert.equal(snap.nextItemId, stored.id, 'highest priority first');
      const reserve = (token: string) =>
        repo.transition(stored.id, {
          move: 'reserve',
          fields: { attempt_token: token, attempts_add: 1, last_attempt_at: new Date().toISOString() },
        });
      assert.equal((await reserve('t1')).applied, true);
      const again = await reserve('t1');
      assert.deepEqual([again.applied, again.already], [false, true]);
      const other = await reserve('t2');
      assert.deepEqual([other.applied, other.already], [false, false]);
      assert.deepEqual((await repo.snapshot(ACCOUNT, Date.now(), 86_400_000)).inFlight, [
        { id: stored.id, token: 't1' },
      ]);

      const wrongToken = await repo.transition(stored.id, { move: 'settleSent', token: 't2' });
      assert.equal(wrongToken.applied, false, 'a stale attempt cannot settle the item');
      const sent = await repo.transition(stored.id, {
        move: 'settleSent',
        token: 't1',
        fields: { sent_at: new Date().toISOString(), outcome: 'OK' },
        storeMessage: true,
      });
      assert.equal(sent.applied, true);
      const messages = await sb.sql.query<{ message_text: string; outreach_item_id: string; position: number }>(
        `select message_text, outreach_item_id, position from messages where contact_id = $1`,
        [contactId],
      );
      assert.deepEqual(messages, [{ message_text: 'hello k3', outreach_item_id: stored.id, position: 0 }]);
      const [contact] = await sb.sql.query<{ total_messages_sent: number }>(
        `select total_messages_sent from contacts where id = $1`,
        [contactId],
      );
      assert.equal(contact?.total_messages_sent, 1);
      const snap2 = await repo.snapshot(ACCOUNT, Date.now(), 86_400_000);
      assert.equal(snap2.sendsMs.length, 1, 'the send counts toward the caps');
      assert.equal(snap2.counts.sent, 1);
      assert.deepEqual(
        (await repo.history(stored.id)).map((h) => h.status),
        ['queued', 'sending', 'sent'],
      );
    });

    it('reads the facts the send-time rules need and cancels what has not been sent', async () => {
      const { item: stored } = (await repo.enqueue(ACCOUNT, [item('k4', { textKey: 'k3' })])).items[0]!;
      const facts = await repo.sendFacts(stored.id);
      assert.ok(facts?.sameTextSentAtMs, 'the same text already went to this contact');
      assert.equal(facts?.contact.optedOut, false);
      assert.equal(await repo.cancelPending(ACCOUNT, contactId, 'opted_out'), 3, 'k1, k2 and k4 were still waiting');
      assert.equal((await repo.get(stored.id))?.item.status, 'cancelled');
      assert.equal((await repo.snapshot(ACCOUNT, Date.now(), 86_400_000)).nextItemId, null);
    });

    it('counts a send being made or of unknown outcome toward the caps, not one that failed; nothing moves an item left for review', async () => {
      const snap = () => repo.snapshot(ACCOUNT, Date.now(), 86_400_000);
      const before = (await snap()).sendsMs.length;
      const [a, b] = (await repo.enqueue(ACCOUNT, [item('k5'), item('k6')])).items.map((i) => i.item);
      const at = new Date().toISOString();
      for (const [x, token] of [
        [a!, 't5'],
        [b!, 't6'],
      ] as const)
        await repo.transition(x.id, {
          move: 'reserve',
          fields: { attempt_token: token, attempts_add: 1, last_attempt_at: at },
        });
      const reserved = await snap();
      assert.equal(reserved.sendsMs.length, before + 2, 'both being sent count');
      assert.equal(reserved.lastSendMs, Date.parse(at));
      assert.equal(
        (await repo.transition(a!.id, { move: 'settleUnknown', token: 't5', fields: { outcome: 'OUTCOME_UNKNOWN' } }))
          .applied,
        true,
      );
      assert.equal(
        (await repo.transition(b!.id, { move: 'settleFailed', token: 't6', fields: { outcome: 'NOT_FOUND' } })).applied,
        true,
      );
      const settled = await snap();
      assert.equal(settled.sendsMs.length, before + 1, 'the unknown one still counts, the failed one no longer');
      assert.deepEqual([settled.counts.needs_review, settled.counts.failed], [1, 1]);
      for (const move of ['cancel', 'approve', 'requeue', 'settleSent'] as const) {
        const moved = await repo.transition(a!.id, {
          move,
          token: move === 'requeue' || move === 'settleSent' ? 't5' : null,
        });
        assert.deepEqual([moved.applied, moved.already, moved.item?.status], [false, false, 'needs_review'], move);
      }
    });

    it("dates a contact's latest send of unchecked recipient for its other items, and nothing else", async () => {
      const [other] = (await sb.sql.query<{ id: string }>(
        `insert into contacts (account_id, username) values ($1, 'someone.else') returning id`,
        [ACCOUNT],
      )) as [{ id: string }];
      const [next, doubted, elsewhere] = (
        await repo.enqueue(ACCOUNT, [
          item('k7'),
          item('k8'),
          item('k9', { contactId: other.id, username: 'someone.else' }),
        ])
      ).items.map((i) => i.item);
      assert.equal(
        (await repo.sendFacts(next!.id))?.recipientDoubtAtMs,
        null,
        'an unknown outcome is no doubt of whom',
      );
      await repo.transition(doubted!.id, { move: 'reserve', fields: { attempt_token: 't8', attempts_add: 1 } });
      await repo.transition(doubted!.id, {
        move: 'settleUnknown',
        token: 't8',
        fields: { outcome: UNVERIFIED_RECIPIENT, last_error: 'sent by the inbox strategy' },
      });
      const [row] = await sb.sql.query<{ t: string }>(
        `select floor(extract(epoch from updated_at) * 1000)::bigint::text as t from outreach_items where id = $1`,
        [doubted!.id],
      );
      assert.equal((await repo.sendFacts(next!.id))?.recipientDoubtAtMs, Number(row!.t), 'when it was settled');
      assert.equal((await repo.sendFacts(elsewhere!.id))?.recipientDoubtAtMs, null, 'another contact is not in doubt');
    });
  });
}
