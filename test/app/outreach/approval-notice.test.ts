import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository, type AccountRepository } from '../../../src/adapters/db/account-repository';
import { createOutreachRepository, type OutreachRepository } from '../../../src/adapters/db/outreach-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { announceAwaitingApproval } from '../../../src/app/outreach/approval-notice';
import { newOutreachItem } from '../../../src/app/outreach/outreach-items';
import { prepareItem, type PreparePorts } from '../../../src/app/outreach/outreach-prepare';
import { OPEN_PACING } from '../../helpers/outreach-stack';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// outreach.awaiting_approval on PostgreSQL, where callers really race: items held at send time
// announce how many wait, at most once per CRM_APPROVAL_NOTIFY_INTERVAL per account (kept on the
// account row, so it holds across processes and restarts); a tick after the interval announces what
// was held meanwhile; callers deciding at once write one event between them.

const INTERVAL_MS = 3_600_000;
const ACCOUNT = 'held-account';
let sb: TestSupabase;
let accounts: AccountRepository;
let outreach: OutreachRepository;
let nowMs = Date.now();
let ports: PreparePorts;

before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  accounts = createAccountRepository(db);
  outreach = createOutreachRepository(db);
  ports = {
    accounts,
    outreach,
    now: () => nowMs,
    outreachSettings: {
      defaults: { pacing: OPEN_PACING, approvalMode: 'all', approvalNotifyMs: INTERVAL_MS },
      dedupWindowMs: 0,
    },
  };
  await accounts.ensure(ACCOUNT, 'http://127.0.0.1:3100');
});
after(async () => {
  await sb?.stop();
});

const notices = async () =>
  (
    await sb.sql.query<{ count: number; previous_at: string | null }>(
      `select (payload ->> 'count')::int as count, payload ->> 'previous_at' as previous_at from event_outbox
       where type = 'outreach.awaiting_approval' and entity_id = $1 order by seq`,
      [ACCOUNT],
    )
  ).map((r) => r.count);

let n = 0;
/** A queued DM (approved by nobody) that the send-time check then holds for approval. */
async function holdOne(): Promise<void> {
  n += 1;
  const [contact] = await sb.sql.query<{ id: string }>(
    `insert into contacts (account_id, username) values ($1, $2) returning id`,
    [ACCOUNT, `held_${n}`],
  );
  const draft = {
    kind: 'queued' as const,
    businessKey: `queue:held:${n}`,
    contact: { id: contact!.id, username: `held_${n}`, totalMessagesReceived: 0 },
    text: `hello ${n}`,
    priority: 0,
    scheduledAt: null,
    campaign: null,
    template: null,
    videoId: null,
    notifyWorkflowId: null,
    requestId: null,
  };
  const { items } = await outreach.enqueue(ACCOUNT, [newOutreachItem(ACCOUNT, draft, 'none')]);
  const account = (await accounts.get(ACCOUNT))!;
  const prepared = await prepareItem(ports, account, items[0]!.item.id, `token-${n}`);
  assert.equal(prepared.action, 'hold');
}

describe('outreach.awaiting_approval', () => {
  it('two holds within the interval write one notice; a hold after it writes another, with the count', async () => {
    await holdOne();
    nowMs += 60_000;
    await holdOne();
    assert.deepEqual(await notices(), [1], 'the second hold, a minute later, announces nothing');
    nowMs += INTERVAL_MS;
    await holdOne();
    assert.deepEqual(await notices(), [1, 3], 'past the interval: a new notice counting all three');
  });

  it('a tick past the interval announces what is still held, once however many callers race', async () => {
    nowMs += INTERVAL_MS / 2;
    assert.equal(await announceAwaitingApproval(ports, ACCOUNT, INTERVAL_MS), false, 'within the interval');
    nowMs += INTERVAL_MS;
    const written = await Promise.all(
      Array.from({ length: 8 }, () => announceAwaitingApproval(ports, ACCOUNT, INTERVAL_MS)),
    );
    assert.equal(written.filter(Boolean).length, 1);
    assert.deepEqual(await notices(), [1, 3, 3]);
  });

  it('announces nothing when nothing waits', async () => {
    await sb.sql.query(`update outreach_items set status = 'cancelled' where account_id = $1`, [ACCOUNT]);
    nowMs += 2 * INTERVAL_MS;
    assert.equal(await announceAwaitingApproval(ports, ACCOUNT, INTERVAL_MS), false);
    assert.deepEqual(await notices(), [1, 3, 3]);
  });
});
