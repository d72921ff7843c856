import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { survivingFields, type MergeFields } from '../../src/domain/contact-merge';

const base: MergeFields = {
  username: null,
  display_name: null,
  thread_id: null,
  what_theyre_building: null,
  current_friction: null,
  their_definition_of_win: null,
  notes: null,
  asks_opinion: false,
  shares_updates: false,
  has_referred_others: false,
  fit_signals: [],
  tags: [],
  value_delivered_count: 0,
  promises_kept: 0,
  promises_made: 0,
  pipeline_stage: 'first_touch',
  opted_out: false,
  opted_out_at: null,
  opted_out_reason: null,
  opted_out_by: null,
  opted_out_message_id: null,
  opted_in_at: null,
  last_message_at: null,
  learned_fields: {},
  last_intent: null,
  last_replied_at: null,
};
const msg = (id: string, isOutbound: boolean) => ({ id, isOutbound });

describe('the fields a merge keeps', () => {
  it("keeps the survivor's text, else the absorbed one's; flags of either; larger counts; both tag sets; the further stage", () => {
    const s = {
      ...base,
      username: 'maya',
      notes: 'met at the meetup',
      tags: ['vip', 'b'],
      pipeline_stage: 'context_captured' as const,
      promises_made: 2,
    };
    const a = {
      ...base,
      username: 'maya.old',
      display_name: 'Maya',
      notes: 'older note',
      tags: ['a', 'vip'],
      asks_opinion: true,
      pipeline_stage: 'trust_signals' as const,
      promises_made: 1,
      value_delivered_count: 3,
      fit_signals: ['builds_in_public'],
    };
    const out = survivingFields(s, a, []);
    assert.deepEqual([out.username, out.display_name, out.notes], ['maya', 'Maya', 'met at the meetup']);
    assert.deepEqual([out.asks_opinion, out.shares_updates], [true, false]);
    assert.deepEqual([out.promises_made, out.value_delivered_count], [2, 3]);
    assert.deepEqual([out.tags, out.fit_signals], [['a', 'b', 'vip'], ['builds_in_public']]);
    assert.equal(out.pipeline_stage, 'trust_signals');
    assert.equal(
      survivingFields(a, s, []).pipeline_stage,
      'trust_signals',
      'the further stage whichever side survives',
    );
  });

  it('one person, one opt-out: the opted-out side gives reason, time, author; its message only if kept', () => {
    const a = {
      ...base,
      opted_out: true,
      opted_out_at: '2026-12-01T10:00:00+00:00',
      opted_out_reason: 'stop',
      opted_out_by: 'message',
      opted_out_message_id: 'm2',
    };
    const kept = survivingFields(base, a, [msg('m1', true), msg('m2', false)]);
    assert.deepEqual(
      [kept.opted_out, kept.opted_out_reason, kept.opted_out_by, kept.opted_out_at, kept.opted_out_message_id],
      [true, 'stop', 'message', '2026-12-01T10:00:00+00:00', 'm2'],
    );
    assert.equal(
      survivingFields(base, a, [msg('m1', true)]).opted_out_message_id,
      null,
      'a message the merge dropped is not named',
    );
    const s = { ...base, opted_out: true, opted_out_reason: 'manual', opted_out_by: 'user' };
    assert.deepEqual(
      [survivingFields(s, a, []).opted_out_reason, survivingFields(s, a, []).opted_out_by],
      ['manual', 'user'],
    );
  });

  it('the later time of either (a missing one never wins), and totals of the kept messages', () => {
    const s = { ...base, last_message_at: '2026-12-01T10:00:00+00:00', opted_in_at: null };
    const a = { ...base, last_message_at: '2026-12-02T09:00:00+01:00', opted_in_at: '2026-11-01T00:00:00+00:00' };
    const out = survivingFields(s, a, [msg('1', true), msg('2', false), msg('3', false)]);
    assert.deepEqual(
      [out.last_message_at, out.opted_in_at],
      ['2026-12-02T09:00:00+01:00', '2026-11-01T00:00:00+00:00'],
    );
    assert.deepEqual([out.total_messages_sent, out.total_messages_received], [1, 2]);
  });
});
