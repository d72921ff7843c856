import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { upsertScored } from '../../../src/app/contacts/contact-scoring';
import { keepPromise, listPromises, makePromise, type PromisePorts } from '../../../src/app/contacts/promises';
import { Refused } from '../../../src/app/refusal';
import { createContactRepository } from '../../../src/adapters/db/contact-repository';
import { createPromiseRepository, type PromiseRepository } from '../../../src/adapters/db/promise-repository';
import { createScoreRepository } from '../../../src/adapters/db/score-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { DEFAULT_SCORE_WEIGHTS } from '../../../src/domain/scoring';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// Promises made and kept move the contact's counters, its score and its contact.score_changed
// event in one write, on the PostgreSQL users run. The scores are worked out by hand.

const ACCOUNT = 'promises';
const NOW = Date.UTC(2026, 11, 6, 12);
let sb: TestSupabase;
let ports: PromisePorts;
let repo: PromiseRepository;
let contacts: ReturnType<typeof createContactRepository>;

before(async () => {
  sb = await startTestSupabase('postgres');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  repo = createPromiseRepository(db);
  contacts = createContactRepository(db);
  ports = {
    contacts,
    promises: repo,
    config: { scoreWeights: DEFAULT_SCORE_WEIGHTS },
    now: () => NOW,
  };
});
after(async () => {
  await sb?.stop();
});

/** A new contact that says what they are building, scored as created. */
async function builder(username: string): Promise<string> {
  const scores = createScoreRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
  await upsertScored({ contacts, scores }, ACCOUNT, [{ username, whatTheyreBuilding: 'a podcast' }], {
    nowMs: NOW,
    weights: DEFAULT_SCORE_WEIGHTS,
  });
  return (await ports.contacts.getContact(ACCOUNT, username))!.id;
}

const stored = async (id: string) =>
  (
    await sb.sql.query<{ relationship_score: number; promises_made: number; promises_kept: number }>(
      `select relationship_score, promises_made, promises_kept from contacts where id = $1`,
      [id],
    )
  )[0]!;
const scoreEvents = async (id: string) =>
  (
    await sb.sql.query<{ payload: { old_score: number; new_score: number; change: number; reason: string } }>(
      `select payload from event_outbox where type = 'contact.score_changed' and entity_id = $1 order by seq`,
      [id],
    )
  ).map((r) => [r.payload.reason, r.payload.old_score, r.payload.new_score, r.payload.change]);

describe('promises over PostgreSQL', () => {
  it('moves the score by the formula: made lowers reliability until kept', async () => {
    const id = await builder('maya');
    // Worked out by hand from crm-engines.md §3.2 and the default weights, no messages:
    //   recency 20 × 0.20 = 4      resonance 30 × 0.20 = 6      needClarity (building) 50 × 0.15 = 7.5
    //   valueDelivered 20 × 0.20 = 4      consent 30 × 0.10 = 3      together 24.5, plus
    //   reliability × 0.15: nothing promised 50 → 7.5 (32); 0 of 1 or 2 kept 0 → 0 (24.5 → 25, half up);
    //   1 of 2 kept 50 → 7.5 (32); 2 of 2 kept 100 → 15 (39.5 → 40).
    assert.equal((await stored(id)).relationship_score, 32);

    const first = await makePromise(ports, ACCOUNT, 'maya', { text: 'Send the editing checklist', due: '2026-12-11' });
    assert.deepEqual([first.changed, first.scoreChanged, first.contact.relationshipScore], [true, true, 25]);
    assert.deepEqual(
      [first.promise.text, first.promise.due, first.promise.keptAt],
      ['Send the editing checklist', '2026-12-11', null],
    );
    const second = await makePromise(ports, ACCOUNT, id, { text: 'Intro to Sam', due: null });
    assert.equal(second.scoreChanged, false, '0 of 2 kept is still reliability 0: 25 again');
    assert.deepEqual(await stored(id), { relationship_score: 25, promises_made: 2, promises_kept: 0 });

    const kept = await keepPromise(ports, ACCOUNT, id, first.promise.id);
    assert.deepEqual([kept.changed, kept.contact.relationshipScore, kept.promise.keptAt !== null], [true, 32, true]);
    await keepPromise(ports, ACCOUNT, id, second.promise.id);
    assert.deepEqual(await stored(id), { relationship_score: 40, promises_made: 2, promises_kept: 2 });

    assert.deepEqual(await scoreEvents(id), [
      ['contact_created', null, 32, 32],
      ['promise_made', 32, 25, -7],
      ['promise_kept', 25, 32, 7],
      ['promise_kept', 32, 40, 8],
    ]);
    const history = await sb.sql.query<{ score: number; reason: string }>(
      `select score, reason from score_history where contact_id = $1 order by scored_at, score`,
      [id],
    );
    assert.equal(history.length, 4, 'one history row per move of the score, none for the second promise');
  });

  it('keeping a promise again changes nothing: no count, no event, the first kept_at stays', async () => {
    const id = await builder('kept_twice');
    const made = await makePromise(ports, ACCOUNT, id, { text: 'Share the template', due: null });
    const kept = await keepPromise(ports, ACCOUNT, id, made.promise.id);
    const events = await scoreEvents(id);
    const again = await keepPromise(ports, ACCOUNT, id, made.promise.id);
    assert.deepEqual([again.changed, again.scoreChanged], [false, false]);
    assert.equal(again.promise.keptAt, kept.promise.keptAt);
    // 1 of 1 kept: reliability 100, 24.5 + 15 = 39.5 → 40 (the first test's sums).
    assert.deepEqual(await stored(id), { relationship_score: 40, promises_made: 1, promises_kept: 1 });
    assert.deepEqual(await scoreEvents(id), events, 'no event for the repeat');
    const { promises } = await listPromises(ports, ACCOUNT, 'kept_twice');
    assert.deepEqual(
      promises.map((p) => [p.id, p.text, p.keptAt]),
      [[made.promise.id, 'Share the template', kept.promise.keptAt]],
    );
  });

  it('two keeps of one promise at once count it once', async () => {
    const id = await builder('twice_at_once');
    const made = await makePromise(ports, ACCOUNT, id, { text: 'The intro', due: null });
    const both = await Promise.all([
      keepPromise(ports, ACCOUNT, id, made.promise.id),
      keepPromise(ports, ACCOUNT, id, made.promise.id),
    ]);
    assert.deepEqual(both.map((k) => k.changed).sort(), [false, true], 'one kept it, the other found it kept');
    assert.deepEqual(await stored(id), { relationship_score: 40, promises_made: 1, promises_kept: 1 });
    assert.deepEqual(
      (await scoreEvents(id)).map(([reason]) => reason),
      ['contact_created', 'promise_made', 'promise_kept'],
    );
  });

  it('refuses an unknown contact or promise (404), and a promise of another contact', async () => {
    const id = await builder('owner');
    const other = await builder('someone_else');
    const made = await makePromise(ports, ACCOUNT, id, { text: 'A call on Friday', due: null });
    const notFound = (what: string) => (err: unknown) =>
      err instanceof Refused && err.code === 'NOT_FOUND' && err.message === `${what} not found`;
    await assert.rejects(makePromise(ports, ACCOUNT, 'nobody_here', { text: 'x', due: null }), notFound('Contact'));
    await assert.rejects(keepPromise(ports, ACCOUNT, id, randomUUID()), notFound('Promise'));
    await assert.rejects(keepPromise(ports, ACCOUNT, other, made.promise.id), notFound('Promise'));
    await assert.rejects(keepPromise(ports, 'another_account', id, made.promise.id), notFound('Contact'));
    assert.deepEqual(await stored(other), { relationship_score: 32, promises_made: 0, promises_kept: 0 });
  });

  it('a contact changed between the read and the write is read again: the promise is written once', async () => {
    const id = await builder('busy');
    let changes = 1;
    const racing: PromiseRepository = {
      ...repo,
      async make(accountId, w) {
        // Someone else writes the contact after this write read it (once): the write must notice.
        if (changes-- > 0) await sb.sql.query(`update contacts set notes = 'edited meanwhile' where id = $1`, [id]);
        return repo.make(accountId, w);
      },
    };
    const made = await makePromise({ ...ports, promises: racing }, ACCOUNT, id, { text: 'Feedback', due: null });
    assert.equal(made.contact.notes, 'edited meanwhile');
    assert.deepEqual(await stored(id), { relationship_score: 25, promises_made: 1, promises_kept: 0 });
    assert.equal((await listPromises(ports, ACCOUNT, id)).promises.length, 1);

    changes = Number.POSITIVE_INFINITY;
    await assert.rejects(
      makePromise({ ...ports, promises: racing }, ACCOUNT, id, { text: 'Never written', due: null }),
      (err: unknown) => err instanceof Refused && err.code === 'CONFLICT',
    );
    assert.equal((await stored(id)).promises_made, 1, 'a write that gave up wrote nothing');
    assert.equal((await listPromises(ports, ACCOUNT, id)).promises.length, 1);
  });
});
