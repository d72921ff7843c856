import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { mergeContacts, type MergerPorts } from '../../../src/adapters/db/contact-merger';
import { createAccountRepository } from '../../../src/adapters/db/account-repository';
import { createIdentityRepository } from '../../../src/adapters/db/identity-repository';
import { createOutreachRepository, type NewOutreachItem } from '../../../src/adapters/db/outreach-repository';
import { createScoreRepository } from '../../../src/adapters/db/score-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { survivingFields } from '../../../src/domain/contact-merge';
import { DEFAULT_SCORE_WEIGHTS } from '../../../src/domain/scoring';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// A merge against the DM sender's reservation, on PostgreSQL (two writers at once): a DM the sender
// reserved ('sending') is never moved or cancelled, and a plan read before the reservation is not
// written after it.

const ACCOUNT = 'acct-merger';
let sb: TestSupabase;
let ports: MergerPorts;
let outreach: ReturnType<typeof createOutreachRepository>;

before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  await createAccountRepository(db).ensure(ACCOUNT, 'http://127.0.0.1:3100');
  outreach = createOutreachRepository(db);
  ports = {
    identity: createIdentityRepository(db),
    scores: createScoreRepository(db),
    scoreWeights: DEFAULT_SCORE_WEIGHTS,
    now: Date.now,
  };
});
after(async () => void (await sb?.stop()));

let n = 0;
async function contact(username: string | null, displayName: string | null = null): Promise<string> {
  const [row] = await sb.sql.query<{ id: string }>(
    `insert into contacts (account_id, username, display_name) values ($1, $2, $3) returning id`,
    [ACCOUNT, username, displayName],
  );
  return row!.id;
}
async function queued(contactId: string, username: string): Promise<string> {
  const key = `race-${++n}`;
  const item: NewOutreachItem = {
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
  };
  return (await outreach.enqueue(ACCOUNT, [item])).items[0]!.item.id;
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reserve = (itemId: string) =>
  outreach.transition(itemId, {
    move: 'reserve',
    fields: { attempt_token: `tok-${itemId}`, attempts_add: 1, last_attempt_at: new Date().toISOString() },
    note: {},
  });
const row = async (itemId: string) =>
  (
    await sb.sql.query<{ contact_id: string; username: string; status: string }>(
      `select contact_id, username, status from outreach_items where id = $1`,
      [itemId],
    )
  )[0]!;

describe('merge and the sender reserving a DM at the same moment (PostgreSQL)', () => {
  it('a plan read before a DM was reserved is not written: the write answers "changed"', async () => {
    const keep = await contact('tess.now');
    const old = await contact('tess.was');
    const item = await queued(old, 'tess.was');
    const sides = await ports.identity.mergeInputs(ACCOUNT, [keep, old]);
    const absorbed = sides.find((x) => x.contactId === old)!;
    const survivor = sides.find((x) => x.contactId === keep)!;
    assert.deepEqual(
      absorbed.items.map((i) => i.status),
      ['queued'],
    );
    assert.equal((await reserve(item)).applied, true);
    const written = await ports.identity.merge(ACCOUNT, {
      survivorId: keep,
      absorbedId: old,
      evidence: 'user',
      detail: {},
      by: 'user',
      order: [],
      expected: {
        survivor: 0,
        absorbed: 0,
        survivorAt: survivor.updatedAt,
        absorbedAt: absorbed.updatedAt,
        items: [{ id: item, status: 'queued' }],
      },
      fields: survivingFields(survivor.fields, absorbed.fields, []),
      cancel: [{ id: item, error: 'stale plan', detail: { reason: 'merged_into_other_handle' } }],
    });
    assert.deepEqual(written, { merged: false, reason: 'changed' });
    assert.deepEqual(await row(item), { contact_id: old, username: 'tess.was', status: 'sending' });
    const replanned = await mergeContacts(ports, ACCOUNT, {
      survivorId: keep,
      absorbedId: old,
      evidence: 'user',
      detail: {},
      by: 'user',
      handleChanged: true,
    });
    assert.deepEqual(replanned, { merged: false, reason: 'sending', itemIds: [item] });
  });

  it('racing 20 times: a reserved DM is never cancelled or moved; a cancelled one is never reserved', async () => {
    const outcomes = { merged: 0, refused: 0, reserved: 0 };
    for (let round = 0; round < 20; round++) {
      const keep = await contact(`race.new${round}`);
      const old = await contact(`race.old${round}`);
      const item = await queued(old, `race.old${round}`);
      const [merge, reservation] = await Promise.all([
        mergeContacts(ports, ACCOUNT, {
          survivorId: keep,
          absorbedId: old,
          evidence: 'user',
          detail: {},
          by: 'user',
          handleChanged: true,
        }),
        // Spread over the merge's read, plan and write, so the reservation lands before, between and after.
        pause((round % 10) * 3).then(() => reserve(item)),
      ]);
      const after = await row(item);
      assert.equal(after.username, `race.old${round}`, 'never re-addressed');
      if (reservation.applied) {
        assert.equal(merge.merged, false, `round ${round}: the merge waits for a DM going out`);
        assert.deepEqual(after, { contact_id: old, username: `race.old${round}`, status: 'sending' });
      } else {
        assert.equal(merge.merged, true, `round ${round}: ${JSON.stringify(merge)}`);
        assert.deepEqual(after, { contact_id: keep, username: `race.old${round}`, status: 'cancelled' });
      }
      outcomes.merged += merge.merged ? 1 : 0;
      outcomes.refused += merge.merged ? 0 : 1;
      outcomes.reserved += reservation.applied ? 1 : 0;
    }
    assert.equal(outcomes.merged + outcomes.reserved, 20, JSON.stringify(outcomes));
  });

  it('the same handle: a DM still waiting follows the survivor unchanged, and may be reserved there', async () => {
    for (let round = 0; round < 10; round++) {
      const keep = await contact(`same.one${round}`);
      const dup = await contact(null, `Same One ${round}`);
      const item = await queued(dup, `same.one${round}`);
      const [merge, reservation] = await Promise.all([
        mergeContacts(ports, ACCOUNT, { survivorId: keep, absorbedId: dup, evidence: 'user', detail: {}, by: 'user' }),
        pause((round % 10) * 3).then(() => reserve(item)),
      ]);
      const after = await row(item);
      assert.equal(after.username, `same.one${round}`);
      if (merge.merged) assert.equal(after.contact_id, keep);
      else assert.deepEqual([merge.reason, after.contact_id, after.status], ['sending', dup, 'sending']);
      assert.equal(after.status, reservation.applied ? 'sending' : 'queued');
    }
  });
});
