import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { survivingFields, type MergeFields } from '../../src/domain/contact-merge';
import type { LearnedProvenance } from '../../src/domain/learned-updates';

// What a merge keeps of what people told us (issue 23): learned values with the message that taught
// them, and the latest reply with what it meant.

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
const taught = (value: string, messageId: string): LearnedProvenance => ({
  value,
  sentence: `I said ${value}`,
  messageId,
  learnedAt: '2026-12-01T10:00:00.000Z',
  pattern: 'test',
});

describe('a merge and what was learned', () => {
  it("keeps each kept value's own provenance: the survivor's, the absorbed one's for a value taken from it, none for a hand-typed one", () => {
    const s = {
      ...base,
      what_theyre_building: 'a CRM (typed by hand)',
      their_definition_of_win: 'ten customers',
      fit_signals: ['builds_in_public'],
      learned_fields: {
        their_definition_of_win: taught('ten customers', 's1'),
        fit_signals: [taught('builds_in_public', 's2')],
      },
    };
    const a = {
      ...base,
      what_theyre_building: 'an app for gyms',
      current_friction: 'pricing',
      their_definition_of_win: 'a hundred users',
      fit_signals: ['asks_for_feedback', 'builds_in_public'],
      learned_fields: {
        what_theyre_building: taught('an app for gyms', 'a1'),
        current_friction: taught('pricing', 'a2'),
        their_definition_of_win: taught('a hundred users', 'a3'),
        fit_signals: [taught('asks_for_feedback', 'a4'), taught('builds_in_public', 'a5')],
      },
    };
    const out = survivingFields(s, a, []);
    assert.deepEqual(
      [out.what_theyre_building, out.current_friction, out.their_definition_of_win],
      ['a CRM (typed by hand)', 'pricing', 'ten customers'],
    );
    assert.deepEqual(out.learned_fields, {
      current_friction: taught('pricing', 'a2'),
      their_definition_of_win: taught('ten customers', 's1'),
      fit_signals: [taught('builds_in_public', 's2'), taught('asks_for_feedback', 'a4')],
    });
  });

  it('drops a provenance that no longer names the kept value', () => {
    const a = {
      ...base,
      current_friction: 'edited by hand',
      learned_fields: { current_friction: taught('pricing', 'a1') },
    };
    assert.deepEqual(survivingFields(base, a, []).learned_fields, {});
  });

  it('keeps the newer reply with what it meant, whichever side had it', () => {
    const older = { ...base, last_intent: 'question', last_replied_at: '2026-12-01T10:00:00.000Z' };
    const newer = { ...base, last_intent: 'interested', last_replied_at: '2026-12-02T10:00:00.000Z' };
    const pick = (s: MergeFields, a: MergeFields) => {
      const out = survivingFields(s, a, []);
      return [out.last_intent, out.last_replied_at];
    };
    assert.deepEqual(pick(older, newer), ['interested', '2026-12-02T10:00:00.000Z']);
    assert.deepEqual(pick(newer, older), ['interested', '2026-12-02T10:00:00.000Z']);
    assert.deepEqual(pick(base, older), ['question', '2026-12-01T10:00:00.000Z']);
    assert.deepEqual(pick(older, base), ['question', '2026-12-01T10:00:00.000Z']);
    assert.deepEqual(pick({ ...base, last_intent: 'other' }, { ...base, last_intent: 'not_now' }), ['other', null]);
    assert.deepEqual(pick(base, { ...base, last_intent: 'not_now' }), ['not_now', null]);
  });
});
