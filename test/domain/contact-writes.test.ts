import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planContactWrites, type StoredContact } from '../../src/domain/contact-writes';

const stored = (over: Partial<StoredContact>): StoredContact => ({
  id: 'k1',
  username: 'maya',
  display_name: 'Maya',
  thread_id: null,
  pipeline_stage: 'first_touch',
  what_theyre_building: null,
  current_friction: null,
  their_definition_of_win: null,
  asks_opinion: false,
  shares_updates: false,
  has_referred_others: false,
  fit_signals: [],
  tags: ['vip'],
  notes: null,
  relationship_score: 40,
  updated_at: '2026-12-06T10:00:00.123456+00:00',
  ...over,
});
let n = 0;
const newId = () => `new${++n}`;

describe('planning contact writes', () => {
  it('writes only the given fields that differ, with the stored row as it was read', () => {
    const plan = planContactWrites(
      [{ username: 'MAYA', tags: ['vip'], notes: 'met at the meetup' }],
      [stored({})],
      newId,
    );
    assert.deepEqual(plan.results, [{ id: 'k1', username: 'maya', status: 'updated' }]);
    assert.deepEqual(plan.updates, [
      { id: 'k1', expected_at: '2026-12-06T10:00:00.123456+00:00', fields: { notes: 'met at the meetup' } },
    ]);
    assert.deepEqual(
      plan.events.map((e) => [e.type, (e.payload as { changes: unknown }).changes]),
      [['contact.updated', { notes: 'met at the meetup' }]],
    );
  });

  it('creates an unknown handle (created, then updated when given twice) and answers not_found for an unknown id', () => {
    n = 0;
    const plan = planContactWrites(
      [
        { username: 'sam', tags: ['a'] },
        { username: 'sam', notes: 'x' },
        { id: 'gone', notes: 'y' },
      ],
      [],
      newId,
    );
    assert.deepEqual(
      plan.results.map((r) => r.status),
      ['created', 'updated', 'not_found'],
    );
    assert.deepEqual(plan.creates, [{ id: 'new1', username: 'sam', fields: { tags: ['a'], notes: 'x' } }]);
    assert.deepEqual(
      plan.events.map((e) => e.type),
      ['contact.created', 'contact.updated'],
    );
    assert.deepEqual((plan.events[0]!.payload as { contact: unknown }).contact, {
      id: 'new1',
      username: 'sam',
      display_name: null,
      pipeline_stage: 'first_touch',
      relationship_score: null,
      tags: ['a'],
    });
  });

  it('writes nothing and makes no event when nothing differs', () => {
    const plan = planContactWrites([{ id: 'k1', display_name: 'Maya', asks_opinion: false }], [stored({})], newId);
    assert.deepEqual([plan.results[0]!.status, plan.updates, plan.creates, plan.events], ['unchanged', [], [], []]);
  });
});
