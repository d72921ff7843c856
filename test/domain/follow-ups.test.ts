import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  followUpPlan,
  formatAfter,
  parseAfter,
  planView,
  stepVerdict,
  stopOfStep,
  type StepFacts,
} from '../../src/domain/follow-ups';
import type { FollowUpStep } from '../../src/domain/follow-up-steps';
import { checkAtSendTime, type SendTimeFacts } from '../../src/domain/send-rules';

const H = 3_600_000;
const D = 24 * H;
const plan: FollowUpStep[] = [
  { after: '3d', afterMs: 3 * D, text: 'still keen?', template: null, templateId: null, templateVersion: null },
  {
    after: '12h',
    afterMs: 12 * H,
    text: null,
    template: 'last one {{first_name|friend}}',
    templateId: null,
    templateVersion: null,
  },
];
const SENT = Date.UTC(2026, 11, 1, 10);

describe('follow-up plans', () => {
  it('reads waits as the config does, and refuses zero, units it does not know and more than 90 days', () => {
    assert.deepEqual(['3d', '12h', '45m', '90s', ' 2d ', '0d', '3w', '91d', '90d', ''].map(parseAfter), [
      3 * D,
      12 * H,
      45 * 60_000,
      90_000,
      2 * D,
      null,
      null,
      null,
      90 * D,
      null,
    ]);
    assert.deepEqual([3 * D, 36 * H, 90 * 60_000, 1_500].map(formatAfter), ['3d', '36h', '90m', '2s']);
  });

  it('keeps at most three steps, each with a valid wait and exactly one of text and template', () => {
    const ok = followUpPlan([
      { after: '3d', text: 'a' },
      { after: '1h', template: 'b', templateId: 't-1' },
    ]);
    assert.deepEqual(ok.ok && ok.steps.map((s) => [s.afterMs, s.text, s.template, s.templateId]), [
      [3 * D, 'a', null, null],
      [H, null, 'b', 't-1'],
    ]);
    const four = followUpPlan(Array.from({ length: 4 }, () => ({ after: '1d', text: 'x' })));
    assert.deepEqual(four, { ok: false, path: 'follow_ups', message: 'at most 3 steps' });
    assert.equal(
      followUpPlan([
        { after: '1d', text: 'x' },
        { after: 'soon', text: 'y' },
      ]).ok || 'bad',
      'bad',
    );
    const both = followUpPlan([{ after: '1d', text: 'x', template: 'y' }]);
    assert.deepEqual(!both.ok && both.path, 'follow_ups.0');
    assert.deepEqual(!followUpPlan([{ after: '1d' }]).ok, true, 'a step that says nothing');
  });
});

describe('whether a step may go', () => {
  const facts = {
    step: 1,
    plan,
    previous: { status: 'sent' as const, sentAtMs: SENT },
    optedOut: false,
    lastInboundAtMs: null,
  };

  it('queues a step whose previous step was sent and who has not written since', () => {
    assert.deepEqual(stepVerdict(facts), { kind: 'queue', step: plan[0] });
    assert.deepEqual(
      stepVerdict({ ...facts, lastInboundAtMs: SENT - 1 }),
      { kind: 'queue', step: plan[0] },
      'an older message',
    );
    assert.deepEqual(stepVerdict({ ...facts, step: 2 }), { kind: 'queue', step: plan[1] });
  });

  it('stops on a reply since (even at the same millisecond), an opt-out, a previous step not sent, the end of the plan', () => {
    const stop = (f: Partial<StepFacts>) => {
      const v = stepVerdict({ ...facts, ...f });
      return v.kind === 'stop' ? v.reason : 'queued';
    };
    assert.equal(stop({ lastInboundAtMs: SENT }), 'replied');
    assert.equal(stop({ lastInboundAtMs: SENT + H }), 'replied');
    assert.equal(stop({ optedOut: true, lastInboundAtMs: SENT + H }), 'opted_out', 'an opt-out says more than a reply');
    assert.equal(stop({ previous: { status: 'needs_review', sentAtMs: null } }), 'previous_not_sent');
    assert.equal(stop({ previous: { status: 'skipped', sentAtMs: null } }), 'previous_not_sent');
    assert.equal(stop({ step: 3 }), 'plan_done');
  });

  it('names why a queued step that did not go ends the plan', () => {
    assert.deepEqual(
      [
        stopOfStep('cancelled', null),
        stopOfStep('skipped', 'replied'),
        stopOfStep('skipped', 'opted_out'),
        stopOfStep('skipped', 'duplicate'),
        stopOfStep('failed', 'blocked'),
      ],
      ['cancelled', 'replied', 'opted_out', 'previous_not_sent', 'previous_not_sent'],
    );
  });

  it('shows each step waiting for the first DM, then for its time, then stopped if the first DM did not go', () => {
    const view = (status: 'queued' | 'sent' | 'cancelled', sentAtMs: number | null) =>
      planView({ status, sentAtMs }, plan).map((v) => [v.waitingFor, v.dueAtMs]);
    assert.deepEqual(view('queued', null), [
      ['first_dm', null],
      ['previous_step', null],
    ]);
    assert.deepEqual(view('sent', SENT), [
      ['timer', SENT + 3 * D],
      ['previous_step', null],
    ]);
    assert.deepEqual(view('cancelled', null), [
      ['stopped', null],
      ['stopped', null],
    ]);
  });
});

describe('a follow-up at send time', () => {
  const base: SendTimeFacts = {
    nowMs: SENT + 3 * D + 10_000,
    queuedAtMs: SENT + 3 * D,
    kind: 'campaign',
    username: 'maya',
    optedOut: false,
    stopOnReply: true,
    lastInboundAtMs: null,
    sameTextSentAtMs: null,
    dedupWindowMs: 0,
    approvalMode: 'all',
    contactHasWritten: false,
    approvedAtMs: null,
    recipientDoubtAtMs: null,
  };
  const followUp = { previousSentAtMs: SENT };

  it('needs no approval of its own, where a first DM under the same rules is held', () => {
    assert.deepEqual(checkAtSendTime(base), { kind: 'hold', reason: 'awaiting_approval' });
    assert.deepEqual(checkAtSendTime({ ...base, followUp }), { kind: 'send' });
  });

  it('is skipped for a reply since the previous step was sent, even one from before it was queued', () => {
    const readLate = { ...base, lastInboundAtMs: SENT + D };
    assert.deepEqual(
      checkAtSendTime(readLate),
      { kind: 'hold', reason: 'awaiting_approval' },
      'a first DM queued later',
    );
    assert.deepEqual(checkAtSendTime({ ...readLate, followUp }), { kind: 'skip', reason: 'replied' });
    assert.deepEqual(checkAtSendTime({ ...base, followUp, lastInboundAtMs: SENT - 1 }), { kind: 'send' });
  });
});
