import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SHORT } from '../../soak/plan';
import { runSoak } from '../../soak/run';

// The short soak (`npm run soak` runs the full one): syncs, direct DMs, queued DMs, a video
// campaign and webhook receivers at once on a PostgreSQL of its own, Safari faults on, the worker
// SIGKILLed twice and the database restarted once; then every promise is checked together.

it(
  'under chaos: every DM once and to its own handle, none after an opt-out, every event delivered, caps held, one driver, one contact per person',
  { timeout: SHORT.timeoutMs + 5 * 60_000 },
  async () => {
    const lines: string[] = [];
    const report = await runSoak(SHORT, (l) => lines.push(l));
    const failed = report.checks.filter((c) => !c.ok);
    assert.deepEqual(failed, [], `${lines.join('\n')}\n${JSON.stringify(report.figures)}`);
    assert.equal(report.checks.length, 7);
    const f = report.figures;
    assert.ok(
      f.sent! >= SHORT.directDms + SHORT.queued - SHORT.optOuts - f.needsReview! - f.failed!,
      `most intended DMs went out: ${JSON.stringify(f)}`,
    );
    // Judged from when each opt-out was recorded (a "stop" is known once a sync reads it; a DM
    // the sender took before then was rightly in flight), not from when the load asked for it.
    assert.equal(
      f.optOutStopped,
      f.optOutWaiting,
      `every DM still waiting when its contact's opt-out was recorded was stopped: ${lines.filter((l) => l.startsWith('opt-out:')).join('; ')}`,
    );
    assert.equal(f.optOutSentAfter, 0, 'no DM reserved after an opt-out was recorded went out');
    assert.ok(f.optOutStopped! >= 1, `the opt-outs stopped DMs that were waiting: ${JSON.stringify(f)}`);
    assert.ok(f.optedOutByMessage! >= 1, 'someone opted out by writing "stop", read by a sync');
    assert.ok(report.figures.workerStarts! >= SHORT.kills + 1, 'the worker was killed and started again');
    assert.ok(
      report.chaos.some((c) => /database back/.test(c)),
      'the database was restarted',
    );
  },
);
