import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../../src/adapters/db/account-repository';
import { createContactRepository } from '../../../src/adapters/db/contact-repository';
import { createOutreachRepository, type NewOutreachItem } from '../../../src/adapters/db/outreach-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { optOutByHand } from '../../../src/domain/opt-out-changes';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// crm_set_opt_out over PostgreSQL: what it cancels (waiting DMs only, never one being sent), what it
// records, and that concurrent or repeated opt-outs write the event once.

let sb: TestSupabase;
let contacts: ReturnType<typeof createContactRepository>;
let outreach: ReturnType<typeof createOutreachRepository>;
const ACCOUNT = 'opt-outs';

before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  contacts = createContactRepository(db);
  outreach = createOutreachRepository(db);
  await createAccountRepository(db).ensure(ACCOUNT, 'http://127.0.0.1:3100');
});
after(async () => {
  await sb?.stop();
});

async function person(username: string) {
  const [row] = await sb.sql.query<{ id: string }>(
    `insert into contacts (account_id, username) values ($1, $2) returning id`,
    [ACCOUNT, username],
  );
  return { id: row!.id, username, display_name: null };
}
const item = (contactId: string, username: string, key: string): NewOutreachItem => ({
  id: randomUUID(),
  businessKey: key,
  kind: 'queued',
  contactId,
  username,
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
  event: null,
});
const statusesOf = async (ids: string[]) => Promise.all(ids.map(async (id) => (await outreach.get(id))!.item.status));
const eventsOf = async (contactId: string) =>
  (
    await sb.sql.query<{ type: string }>(
      `select type from event_outbox where entity_id = $1 and type like 'contact.opted_%' order by seq`,
      [contactId],
    )
  ).map((e) => e.type);
const at = () => new Date().toISOString();

describe('setOptOut', () => {
  it('cancels the DMs waiting (queued, awaiting approval) with the reason, never one being sent or done, and records who and when', async () => {
    const maya = await person('maya.out');
    const stored = (
      await outreach.enqueue(
        ACCOUNT,
        ['a', 'b', 'c', 'd'].map((k) => item(maya.id, maya.username, `m-${k}`)),
      )
    ).items.map((s) => s.item.id);
    const [queued, held, sending, sent] = stored as [string, string, string, string];
    await sb.sql.query(`update outreach_items set status = 'awaiting_approval' where id = $1`, [held]);
    await sb.sql.query(`update outreach_items set status = 'sending', attempt_token = 't1' where id = $1`, [sending]);
    await sb.sql.query(`update outreach_items set status = 'sent', sent_at = now() where id = $1`, [sent]);

    const [result] = await contacts.setOptOut(ACCOUNT, [optOutByHand(maya, true, at(), 'api', 'req-1')]);
    assert.deepEqual([result!.contactId, result!.found, result!.changed], [maya.id, true, true]);
    assert.deepEqual(new Set(result!.cancelled), new Set([queued, held]));
    assert.deepEqual(await statusesOf(stored), ['cancelled', 'cancelled', 'sending', 'sent']);
    assert.deepEqual((await outreach.get(queued))!.item.outcome, 'opted_out');
    assert.deepEqual((await outreach.history(held)).at(-1)!.detail, {
      reason: 'opted_out',
      phrase: 'manual',
      by: 'user',
      requestId: 'req-1',
    });
    const contact = (await contacts.getContact(ACCOUNT, maya.id))!;
    assert.deepEqual(
      [contact.optedOut, contact.optedOutReason, contact.optedOutBy, contact.optedOutMessageId],
      [true, 'manual', 'user', null],
    );
    assert.ok(contact.optedOutAt);
    assert.deepEqual(await eventsOf(maya.id), ['contact.opted_out']);
  });

  it('writes the event once however many opt out at the same moment, and cancels what was queued after an opt-out on a repeat', async () => {
    const ben = await person('ben.out');
    const changes = Array.from({ length: 8 }, () =>
      contacts.setOptOut(ACCOUNT, [optOutByHand(ben, true, at(), 'api')]),
    );
    const results = (await Promise.all(changes)).flat();
    assert.equal(results.filter((r) => r.changed).length, 1);
    assert.deepEqual(await eventsOf(ben.id), ['contact.opted_out']);

    const [late] = (await outreach.enqueue(ACCOUNT, [item(ben.id, ben.username, 'b-late')])).items;
    const [again] = await contacts.setOptOut(ACCOUNT, [optOutByHand(ben, true, at(), 'api')]);
    assert.deepEqual([again!.changed, again!.cancelled], [false, [late!.item.id]]);
    assert.deepEqual(await eventsOf(ben.id), ['contact.opted_out'], 'no second event');
  });

  it('opts back in once (recorded, nothing cancelled), and answers found: false for a contact that is not there', async () => {
    const cleo = await person('cleo.back');
    await contacts.setOptOut(ACCOUNT, [optOutByHand(cleo, true, at(), 'api')]);
    const [pending] = (await outreach.enqueue(ACCOUNT, [item(cleo.id, cleo.username, 'c-1')])).items;
    const [back] = await contacts.setOptOut(ACCOUNT, [optOutByHand(cleo, false, at(), 'import')]);
    const [repeat] = await contacts.setOptOut(ACCOUNT, [optOutByHand(cleo, false, at(), 'import')]);
    assert.deepEqual([back!.changed, back!.cancelled, repeat!.changed], [true, [], false]);
    assert.deepEqual(await statusesOf([pending!.item.id]), ['queued']);
    const contact = (await contacts.getContact(ACCOUNT, cleo.id))!;
    assert.deepEqual([contact.optedOut, contact.optedOutReason, contact.optedInAt !== null], [false, 'manual', true]);
    assert.deepEqual(await eventsOf(cleo.id), ['contact.opted_out', 'contact.opted_in']);
    const missing = randomUUID();
    assert.deepEqual(
      await contacts.setOptOut(ACCOUNT, [
        optOutByHand({ id: missing, username: 'gone', display_name: null }, true, at(), 'api'),
      ]),
      [{ contactId: missing, found: false, changed: false, cancelled: [] }],
    );
  });
});
