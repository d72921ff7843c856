import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interleaveThreads, type MergeMessage } from '../../src/domain/contact-merge';
import { planMerge, type MergeItem, type MergeSideFacts } from '../../src/domain/merge-rules';
import type { OutreachStatus } from '../../src/domain/outreach';

// What a merge may do with two contacts' DMs and threads: one person's two contacts become one, and
// no DM ever goes to another handle than the one it was written for.

const msg = (id: string, position: number, text: string, at?: number): MergeMessage => ({
  id,
  position,
  text,
  isOutbound: false,
  at,
});
const item = (id: string, status: OutreachStatus, username: string, o: Partial<MergeItem> = {}): MergeItem => ({
  id,
  status,
  username,
  textKey: `t:${id}`,
  campaign: null,
  ...o,
});
const side = (
  contactId: string,
  username: string | null,
  items: MergeItem[] = [],
  messages: MergeMessage[] = [],
  optedOut = false,
): MergeSideFacts => ({ contactId, username, optedOut, items, messages });

describe('planMerge', () => {
  it('refuses two different handles unless told it is a handle change', () => {
    const s = side('s', 'new.name');
    const a = side('a', 'old.name', [item('q', 'queued', 'old.name')]);
    assert.deepEqual(planMerge(s, a, false), {
      refused: { reason: 'handles_differ', survivorHandle: 'new.name', absorbedHandle: 'old.name' },
    });
    const ok = planMerge(s, a, true);
    assert.ok('plan' in ok);
    assert.equal(ok.plan.handleChanged, true);
  });

  it("a handle change cancels the old handle's waiting DMs and keeps its finished ones as history", () => {
    const a = side('a', 'old.name', [
      item('q', 'queued', 'old.name'),
      item('w', 'awaiting_approval', 'old.name'),
      item('d', 'sent', 'old.name'),
      item('f', 'failed', 'old.name'),
    ]);
    const s = side('s', 'new.name', [item('k', 'queued', 'new.name')]);
    const result = planMerge(s, a, true);
    assert.ok('plan' in result);
    assert.deepEqual(result.plan.cancelled, [
      { id: 'q', reason: 'merged_into_other_handle' },
      { id: 'w', reason: 'merged_into_other_handle' },
    ]);
    assert.deepEqual(result.plan.moved, []);
    assert.deepEqual(
      result.plan.expected.map((e) => e.id).sort(),
      ['d', 'f', 'k', 'q', 'w'],
      'every DM of both is checked at the write',
    );
  });

  it("an opt-out under either name is the person's: every waiting DM of both is cancelled, none moved", () => {
    const s = side('s', 'same.one', [item('k', 'queued', 'same.one'), item('d', 'sent', 'same.one')]);
    const a = side('a', null, [item('q', 'awaiting_approval', 'same.one', { textKey: 'other' })], [], true);
    for (const [survivor, absorbed] of [
      [s, a],
      [
        { ...s, optedOut: true },
        { ...a, optedOut: false },
      ],
    ] as const) {
      const result = planMerge(survivor, absorbed, false);
      assert.ok('plan' in result);
      assert.deepEqual(result.plan.cancelled, [
        { id: 'k', reason: 'opted_out' },
        { id: 'q', reason: 'opted_out' },
      ]);
      assert.deepEqual(result.plan.moved, []);
    }
  });

  it('refuses while a DM of either contact is being sent, whatever else is asked', () => {
    const sending = side('a', null, [item('x', 'sending', 'same.one')]);
    assert.deepEqual(planMerge(side('s', 'same.one'), sending, false), {
      refused: { reason: 'sending', itemIds: ['x'] },
    });
    assert.deepEqual(planMerge(side('s', 'same.one', [item('y', 'sending', 'same.one')]), side('a', null), false), {
      refused: { reason: 'sending', itemIds: ['y'] },
    });
    assert.deepEqual(planMerge(side('s', 'new.one', [item('y', 'sending', 'new.one')]), side('a', 'old.one'), true), {
      refused: { reason: 'sending', itemIds: ['y'] },
    });
  });

  it('one person, one handle: waiting DMs follow the survivor once per text or campaign', () => {
    const s = side('s', 'maya', [
      item('s1', 'sent', 'maya', { textKey: 'hello' }),
      item('s2', 'cancelled', 'maya', { campaign: 'fall' }),
      item('s3', 'queued', 'maya', { campaign: 'spring' }),
    ]);
    const a = side('a', null, [
      item('a1', 'queued', 'maya', { textKey: 'hello' }),
      item('a2', 'queued', 'maya', { campaign: 'fall' }),
      item('a3', 'awaiting_approval', 'maya', { campaign: 'spring' }),
      item('a4', 'queued', 'maya'),
    ]);
    const result = planMerge(s, a, false);
    assert.ok('plan' in result);
    assert.deepEqual(result.plan.cancelled, [
      { id: 'a1', reason: 'merged_duplicate' },
      { id: 'a3', reason: 'merged_duplicate' },
    ]);
    assert.deepEqual(result.plan.moved, ['a2', 'a4'], 'a cancelled survivor DM does not count');
    assert.equal(result.plan.handleChanged, false);
  });

  it("a waiting DM addressed to another handle than the survivor's is cancelled, never re-addressed", () => {
    // A contact without a handle now, holding a DM queued for a handle it once had.
    const result = planMerge(side('s', 'maya'), side('a', null, [item('a1', 'queued', 'maya.old')]), false);
    assert.ok('plan' in result);
    assert.deepEqual(result.plan.cancelled, [{ id: 'a1', reason: 'merged_into_other_handle' }]);
    const noHandle = planMerge(side('s', null), side('a', 'maya', [item('a1', 'queued', 'maya')]), false);
    assert.ok('plan' in noHandle);
    assert.deepEqual(
      noHandle.plan.moved,
      ['a1'],
      'the survivor takes the absorbed handle: its DM stays addressed as it was',
    );
  });

  it('two handles keep both threads whole; one handle de-duplicates the thread stored twice', () => {
    const s = [msg('s0', 0, 'hello there'), msg('s1', 1, 'ok', 30)];
    const a = [msg('a0', 0, 'hello there'), msg('a1', 1, 'ok', 20)];
    const two = planMerge(side('s', 'one', [], s), side('a', 'two', [], a), true);
    const one = planMerge(side('s', 'one', [], s), side('a', null, [], a), false);
    assert.ok('plan' in two && 'plan' in one);
    assert.equal(two.plan.messages.order.length, 4);
    assert.equal(one.plan.messages.order.length, 2);
  });
});

describe('interleaveThreads', () => {
  it('keeps each thread in its own order and interleaves them by time; the survivor first on a tie', () => {
    const s = [msg('s0', 0, 'a', 10), msg('s1', 1, 'b', 30), msg('s2', 2, 'c', 30)];
    const a = [msg('a0', 0, 'x', 5), msg('a1', 1, 'y', 30), msg('a2', 2, 'z', 1)];
    assert.deepEqual(interleaveThreads(s, a), { order: ['a0', 's0', 's1', 's2', 'a1', 'a2'], dropped: 0, gap: false });
    assert.deepEqual(interleaveThreads([], a).order, ['a0', 'a1', 'a2']);
    assert.deepEqual(interleaveThreads(s, []).order, ['s0', 's1', 's2']);
  });
});
