import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  alreadyMade,
  canTransition,
  CONTACTING_STATUSES,
  FINAL_STATUSES,
  IN_FLIGHT_STATUSES,
  isReserved,
  NEW_STATUSES,
  newItemStatus,
  NOT_SENT_END_STATUSES,
  OUTREACH_STATUSES,
  OUTREACH_TRANSITIONS,
  PENDING_STATUSES,
  READY_STATUSES,
  SEND_COUNTING_STATUSES,
  SENDER_END_STATUSES,
  settleMove,
  type OutreachMove,
  type OutreachStatus,
} from '../../src/domain/outreach-transitions';
import * as outreach from '../../src/domain/outreach';

// The state machine checked against the life cycle as the README tells it, written out by hand
// (not recomputed from the table): a change to the table has to change these lines too.

const sorted = (xs: readonly string[]) => [...xs].sort();

describe('the outreach state machine', () => {
  const expected: Record<OutreachMove, [from: OutreachStatus[], to: OutreachStatus]> = {
    queue: [[], 'queued'],
    hold: [['queued'], 'awaiting_approval'],
    approve: [['awaiting_approval', 'queued'], 'queued'],
    reject: [['awaiting_approval', 'queued'], 'cancelled'],
    cancel: [['awaiting_approval', 'queued'], 'cancelled'],
    skip: [['queued'], 'skipped'],
    reserve: [['queued'], 'sending'],
    settleSent: [['sending'], 'sent'],
    settleFailed: [['sending'], 'failed'],
    settleUnknown: [['sending'], 'needs_review'],
    requeue: [['sending'], 'queued'],
  };

  it('has exactly these moves', () =>
    assert.deepEqual(sorted(Object.keys(OUTREACH_TRANSITIONS)), sorted(Object.keys(expected))));

  for (const [move, [from, to]] of Object.entries(expected) as [OutreachMove, [OutreachStatus[], OutreachStatus]][]) {
    it(`${move}: from ${from.join(', ') || 'nothing (a new item)'} to ${to}`, () => {
      assert.equal(OUTREACH_TRANSITIONS[move].to, to);
      for (const status of OUTREACH_STATUSES)
        assert.equal(canTransition(move, status), from.includes(status), `${move} from ${status}`);
    });
  }

  it('lets nothing move an item once it was sent, failed, cancelled, skipped or left for review', () => {
    for (const status of ['sent', 'failed', 'cancelled', 'skipped', 'needs_review'] as const) {
      for (const move of Object.keys(expected) as OutreachMove[])
        assert.equal(canTransition(move, status), false, `${move} from ${status}`);
    }
  });

  it('a send that was never answered cannot be requeued by a person: only the attempt settles a sending item', () => {
    for (const move of ['approve', 'reject', 'cancel', 'skip', 'hold', 'reserve'] as const)
      assert.equal(canTransition(move, 'sending'), false, move);
  });
});

describe('the status lists derived from the table', () => {
  it('final, pending and new statuses', () => {
    assert.deepEqual(sorted(FINAL_STATUSES), ['cancelled', 'failed', 'needs_review', 'sent', 'skipped']);
    assert.deepEqual(sorted(PENDING_STATUSES), ['awaiting_approval', 'queued']);
    assert.deepEqual(sorted(NEW_STATUSES), ['awaiting_approval', 'queued']);
    assert.equal(newItemStatus(true), 'awaiting_approval');
    assert.equal(newItemStatus(false), 'queued');
  });

  it('the statuses that count toward the caps: sent, being sent, and may-have-been-sent (as the SQL counted them)', () => {
    assert.deepEqual(sorted(SEND_COUNTING_STATUSES), ['needs_review', 'sending', 'sent']);
    assert.deepEqual(sorted(CONTACTING_STATUSES), ['awaiting_approval', 'needs_review', 'queued', 'sending', 'sent']);
  });

  it('what the sender reads and how DMs end', () => {
    assert.deepEqual(READY_STATUSES, ['queued']);
    assert.deepEqual(IN_FLIGHT_STATUSES, ['sending']);
    assert.equal(isReserved('sending'), true);
    assert.equal(isReserved('queued'), false);
    assert.deepEqual(sorted(SENDER_END_STATUSES), ['failed', 'needs_review', 'sent', 'skipped']);
    assert.deepEqual(sorted(NOT_SENT_END_STATUSES), ['failed', 'needs_review', 'skipped']);
  });

  it('a move not applied was already made only if the item is where it leads, under the expected token', () => {
    assert.equal(alreadyMade('reserve', 'sending', 't1', 't1'), true, 'a repeat of the same reservation');
    assert.equal(alreadyMade('reserve', 'sending', 't1', 't2'), false, "another attempt's reservation");
    assert.equal(alreadyMade('settleSent', 'sent', 't1', 't1'), true);
    assert.equal(alreadyMade('settleSent', 'queued', 't1', 't1'), false, 'moved elsewhere meanwhile');
    assert.equal(alreadyMade('cancel', 'cancelled', null, null), true, 'no token asked: any');
    assert.equal(alreadyMade('cancel', 'sending', 't1', null), false);
  });

  it('settles an attempt by the move that ends in its status', () => {
    assert.equal(settleMove('sent'), 'settleSent');
    assert.equal(settleMove('failed'), 'settleFailed');
    assert.equal(settleMove('needs_review'), 'settleUnknown');
    assert.equal(settleMove('queued'), 'requeue');
  });

  it('domain/outreach still exports the lists it always did, the same ones', () => {
    assert.deepEqual(outreach.OUTREACH_STATUSES, [
      'queued',
      'awaiting_approval',
      'sending',
      'sent',
      'failed',
      'cancelled',
      'skipped',
      'needs_review',
    ]);
    assert.equal(outreach.FINAL_STATUSES, FINAL_STATUSES);
    assert.equal(outreach.PENDING_STATUSES, PENDING_STATUSES);
    assert.equal(outreach.SEND_COUNTING_STATUSES, SEND_COUNTING_STATUSES);
  });
});
