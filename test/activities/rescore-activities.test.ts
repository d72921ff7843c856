import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ScoreRepository, ScoringRow } from '../../src/adapters/db/score-repository';
import { createRescoreActivities, WRITE_AT_SCORES } from '../../src/activities/rescore';
import type { RescorePageResult } from '../../src/contracts/contacts';
import { DEFAULT_SCORE_WEIGHTS } from '../../src/domain/scoring';
import { contact, NOW } from '../domain/domain-fixtures';

// The rescore activity over a fake score store: which writes a run of pages makes.

/** `n` never-scored contacts (every one moves), ids in page order. */
function store(n: number, failAtWrite: number | null = null) {
  const rows: ScoringRow[] = Array.from({ length: n }, (_, i) => ({
    contact: contact({ id: `c${String(i).padStart(5, '0')}` }),
    stored: { score: null, components: null, resonance: null },
  }));
  const writes: { size: number; ifUnchanged: boolean | undefined }[] = [];
  const scores: ScoreRepository = {
    byUsernames: () => Promise.reject(new Error('not used')),
    byIds: () => Promise.reject(new Error('not used')),
    recentMessages: () => Promise.reject(new Error('not used')),
    page: (_account, afterId, limit) =>
      Promise.resolve(rows.filter((r) => afterId === null || r.contact.id > afterId).slice(0, limit)),
    record: (_account, updates, _reason, o) => {
      if (failAtWrite === writes.length) return Promise.reject(new Error('the data API went away'));
      writes.push({ size: updates.length, ifUnchanged: o?.ifUnchanged });
      return Promise.resolve({ updated: updates.length, scoreChanged: updates.length });
    },
  };
  return { scores, writes };
}

const run = (scores: ScoreRepository, pageSize: number, maxPages: number, env = new MockActivityEnvironment()) =>
  env.run<[], RescorePageResult, () => Promise<RescorePageResult>>(() =>
    createRescoreActivities({ scores, now: () => NOW, scoreWeights: DEFAULT_SCORE_WEIGHTS }).rescoreContactsPage(
      'acct',
      null,
      pageSize,
      'test',
      maxPages,
    ),
  );

describe('rescore activity', () => {
  it("writes several pages' moved scores in one call, compare-and-set, and the rest at its end", async () => {
    const { scores, writes } = store(650);
    const result = await run(scores, 100, 10);
    assert.equal(WRITE_AT_SCORES, 250);
    // 100 moved a page: written once 250 wait (after pages 3 and 6), the last 50 at the end.
    assert.deepEqual(
      writes.map((w) => w.size),
      [300, 300, 50],
    );
    assert.ok(writes.every((w) => w.ifUnchanged === true));
    assert.deepEqual(result, { pages: 7, scanned: 650, updated: 650, scoreChanged: 650, nextAfterId: null });
  });

  it('writes what it read before it stops at its page limit, and says where to go on', async () => {
    const { scores, writes } = store(650);
    const result = await run(scores, 100, 2);
    assert.deepEqual(
      writes.map((w) => w.size),
      [200],
    );
    assert.deepEqual(result, { pages: 2, scanned: 200, updated: 200, scoreChanged: 200, nextAfterId: 'c00199' });
  });

  it('a retry goes on from the last write of the attempt before, with its counts', async () => {
    const { scores, writes } = store(650, 1); // the second write fails: pages 4–6 read, not written
    const beats: unknown[] = [];
    const first = new MockActivityEnvironment();
    first.on('heartbeat', (d: unknown) => beats.push(d));
    await assert.rejects(run(scores, 100, 10, first));
    const retry = store(650);
    const result = await run(retry.scores, 100, 10, new MockActivityEnvironment({ heartbeatDetails: beats.at(-1) }));
    assert.deepEqual(
      writes.map((w) => w.size),
      [300],
    );
    // The retry reads from c00299 on: 350 rows, written 300 and 50.
    assert.deepEqual(
      retry.writes.map((w) => w.size),
      [300, 50],
    );
    assert.deepEqual(result, { pages: 7, scanned: 650, updated: 650, scoreChanged: 650, nextAfterId: null });
  });

  it('starts from the beginning when the earlier attempt left details it cannot read', async () => {
    const counts = { pages: 3, scanned: 300, updated: 300, scoreChanged: 300 };
    const malformed: unknown[] = [
      'c00299',
      { ...counts, nextAfterId: 42 },
      { ...counts, pages: 2.5, nextAfterId: 'c00299' },
      { ...counts, scanned: '300', nextAfterId: 'c00299' },
      { pages: 3, scanned: 300, updated: 300, nextAfterId: 'c00299' },
    ];
    for (const heartbeatDetails of malformed) {
      const { scores, writes } = store(650);
      const result = await run(scores, 100, 10, new MockActivityEnvironment({ heartbeatDetails }));
      const what = JSON.stringify(heartbeatDetails);
      assert.deepEqual(
        writes.map((w) => w.size),
        [300, 300, 50],
        what,
      );
      assert.deepEqual(result, { pages: 7, scanned: 650, updated: 650, scoreChanged: 650, nextAfterId: null }, what);
    }
  });

  it('still writes every page when every row of a page moves (a first scoring)', async () => {
    const { scores, writes } = store(2500);
    await run(scores, 1000, 5);
    assert.deepEqual(
      writes.map((w) => w.size),
      [1000, 1000, 500],
    );
  });
});
