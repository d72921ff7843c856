import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LANE_BY_TEMPLATE,
  median,
  RESULT_STATUSES,
  resultRow,
  resultRows,
  type GroupCounts,
} from '../../src/domain/outreach-results';

const counts = (group: string | null, reached: number, replyMinutes: number[]): GroupCounts => ({
  group,
  queued: 0,
  sent: reached,
  failed: 0,
  reached,
  replyMinutes,
  interested: 0,
  optedOut: 0,
});

describe('outreach results', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    assert.equal(median([]), null);
    assert.equal(median([7]), 7);
    assert.equal(median([300, 10, 90]), 90);
    assert.equal(median([2100, 10, 90, 30]), 60);
  });

  it('derives replied, the rate (4 places) and the median (1 place) from the counts', () => {
    const r = resultRow(counts('spring', 3, [360, 90.25]));
    assert.deepEqual([r.replied, r.replyRate, r.medianMinutesToReply], [2, 0.6667, 225.1]);
    const none = resultRow(counts(null, 0, []));
    assert.deepEqual([none.replied, none.replyRate, none.medianMinutesToReply], [0, null, null]);
  });

  it('orders rows by group, the group without a value last', () => {
    const rows = resultRows([counts(null, 1, []), counts('2026-11-03', 1, []), counts('2026-11-01', 1, [])]);
    assert.deepEqual(
      rows.map((r) => r.group),
      ['2026-11-01', '2026-11-03', null],
    );
  });

  it('counts by the state machine: no status in two counts; a video label names its lane', () => {
    const all = [...RESULT_STATUSES.queued, ...RESULT_STATUSES.sent, ...RESULT_STATUSES.failed];
    assert.equal(new Set(all).size, all.length);
    assert.deepEqual(RESULT_STATUSES.queued, ['queued', 'awaiting_approval', 'sending']);
    assert.equal(LANE_BY_TEMPLATE['video:rewarm'], 'rewarm');
    assert.equal(Object.keys(LANE_BY_TEMPLATE).length, 5);
  });
});
