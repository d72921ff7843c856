import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository, type AccountRepository } from '../../../src/adapters/db/account-repository';
import { createOutreachRepository, type OutreachRepository } from '../../../src/adapters/db/outreach-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { newOutreachItem } from '../../../src/app/outreach/outreach-items';
import { prepareItem, type PreparePorts } from '../../../src/app/outreach/outreach-prepare';
import { decideMany } from '../../../src/app/outreach/queue-bulk';
import { UNVERIFIED_RECIPIENT } from '../../../src/domain/send-outcomes';
import { OPEN_PACING } from '../../helpers/outreach-stack';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// A DM whose recipient the Safari server did not check (UNVERIFIED_RECIPIENT) puts the contact's
// next DMs in doubt: each waits for a person, even one a person approved before the doubt arose,
// and a bulk approval (which takes only items never approved) can then release it.

const ACCOUNT = 'doubt-account';
let sb: TestSupabase;
let accounts: AccountRepository;
let outreach: OutreachRepository;
let ports: PreparePorts;
let contactId: string;

before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  accounts = createAccountRepository(db);
  outreach = createOutreachRepository(db);
  ports = {
    accounts,
    outreach,
    now: Date.now,
    outreachSettings: {
      defaults: { pacing: OPEN_PACING, approvalMode: 'none', approvalNotifyMs: 3_600_000 },
      dedupWindowMs: 0,
    },
  };
  await accounts.ensure(ACCOUNT, 'http://127.0.0.1:3100');
  [{ id: contactId }] = (await sb.sql.query<{ id: string }>(
    `insert into contacts (account_id, username) values ($1, 'old.handle') returning id`,
    [ACCOUNT],
  )) as [{ id: string }];
});
after(async () => {
  await sb?.stop();
});

async function queue(key: string) {
  const draft = {
    kind: 'campaign' as const,
    businessKey: `doubt:${key}`,
    contact: { id: contactId, username: 'old.handle', totalMessagesReceived: 0 },
    text: `hello ${key}`,
    priority: 0,
    scheduledAt: null,
    campaign: 'spring',
    template: null,
    videoId: null,
    notifyWorkflowId: null,
    requestId: null,
  };
  return (await outreach.enqueue(ACCOUNT, [newOutreachItem(ACCOUNT, draft, 'none')])).items[0]!.item;
}
const prepare = async (id: string) => prepareItem(ports, (await accounts.get(ACCOUNT))!, id, `t-${id}`);
const senders = { queueChanged: async () => {} };

describe('a contact whose earlier DM went out without a checked recipient', () => {
  it('holds the next DM, voids an approval older than the doubt, and sends once a person approves again', async () => {
    const approvedEarly = await queue('approved-early');
    await decideMany(
      { outreach, senders, now: () => Date.now() - 60_000 },
      ACCOUNT,
      { ids: [approvedEarly.id] },
      'approve',
      'ana',
    );
    assert.ok((await outreach.get(approvedEarly.id))!.item.approvedAt, 'approved before the doubt');

    const doubted = await queue('doubted');
    assert.equal((await prepare(doubted.id)).action, 'send', 'nothing in doubt yet');
    await outreach.transition(doubted.id, {
      move: 'settleUnknown',
      token: `t-${doubted.id}`,
      fields: { outcome: UNVERIFIED_RECIPIENT, last_error: 'sent by the inbox strategy' },
    });

    assert.equal((await prepare(approvedEarly.id)).action, 'hold');
    const held = (await outreach.get(approvedEarly.id))!.item;
    assert.deepEqual([held.status, held.outcome, held.approvedAt], ['awaiting_approval', 'recipient_unverified', null]);
    const history = await outreach.history(approvedEarly.id);
    assert.match(String(history.at(-1)?.detail.reason), /without a checked recipient/);

    const { results } = await decideMany(
      { outreach, senders, now: Date.now },
      ACCOUNT,
      { ids: [held.id] },
      'approve',
      'ana',
    );
    assert.deepEqual(
      results.map((r) => r.result),
      ['approved'],
      'a bulk approval takes it again',
    );
    assert.equal((await prepare(held.id)).action, 'send', 'approved after the doubt');
    assert.equal((await outreach.get(held.id))!.item.status, 'sending');
  });
});
