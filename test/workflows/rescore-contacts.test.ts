import assert from 'node:assert/strict';
import { recordHistory } from '../helpers/histories';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RescoreProgress } from '../../src/contracts/contacts';
import { rescoreContactsContract } from '../../src/contracts/catalogue';
import { FAST_TIMING, startSyncStack } from '../helpers/sync-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor } from '../simulator/sim-fixture';

// rescoreContacts over the real data API: pages by id, writes only what moved.

const DAY = 86_400_000;
let clock = Date.UTC(2026, 10, 25, 12);
let env: TestWorkflowEnvironment;
let stack: Awaited<ReturnType<typeof startSyncStack>>;
const ACCOUNT = 'acct-rescore';

before(async () => {
  env = await startTestTemporal();
  stack = await startSyncStack(env, clientFor('http://127.0.0.1:9'), () => clock);
  // 2,500 contacts (three pages of 1000), last heard from 0–89 days before the clock.
  await stack.sb.sql.exec(`insert into contacts (account_id, username, last_message_at)
    select '${ACCOUNT}', 'person_' || g, timestamptz '2026-11-25 12:00:00+00' - (g % 90) * interval '1 day'
    from generate_series(1, 2500) g`);
});
after(async () => {
  await stack?.stop();
  await env?.teardown();
});

let lastStart: { workflowId: string; runId: string };

async function rescore(pagesPerRun = 2): Promise<RescoreProgress> {
  const started = (lastStart = await stack.gateway.start(rescoreContactsContract, {
    version: 1,
    accountId: ACCOUNT,
    pageSize: 1000,
    pagesPerRun,
    reason: 'test',
    timing: FAST_TIMING,
  }));
  // Through the contract: the gateway checks the result against its schema (the wait bounds a hang, not speed).
  const outcome = await stack.gateway.awaitResult(
    rescoreContactsContract,
    started.workflowId,
    started.runId,
    30 * 60_000,
  );
  assert.ok(outcome.done && 'result' in outcome, `rescore did not finish: ${JSON.stringify(outcome)}`);
  return outcome.result;
}

const historyRows = async () =>
  Number(
    (
      await stack.sb.sql.query<{ n: string }>(
        `select count(*) as n from score_history h join contacts c on c.id = h.contact_id where c.account_id = $1`,
        [ACCOUNT],
      )
    )[0]!.n,
  );

describe('rescoreContacts', () => {
  it('scores every contact the first time, across pages and runs', async () => {
    const result = await rescore();
    assert.equal(result.scanned, 2500);
    assert.equal(result.updated, 2500);
    assert.equal(result.scoreChanged, 2500);
    assert.equal(result.pages, 3);
    assert.equal(await historyRows(), 2500);
    const unscored = await stack.sb.sql.query(
      `select 1 from contacts where account_id = $1 and relationship_score is null`,
      [ACCOUNT],
    );
    assert.equal(unscored.length, 0);
    await recordHistory('rescore-contacts', env.client.workflow.getHandle(`rescore-contacts:${ACCOUNT}`));
  });

  it('writes nothing when no score moved', async () => {
    const result = await rescore();
    assert.deepEqual(
      { scanned: result.scanned, updated: result.updated, scoreChanged: result.scoreChanged },
      { scanned: 2500, updated: 0, scoreChanged: 0 },
    );
    assert.equal(await historyRows(), 2500);
  });

  it("reads a run's pages in one activity, not one round trip through Temporal per page", async () => {
    const result = await rescore(3);
    assert.deepEqual(
      { pages: result.pages, scanned: result.scanned, updated: result.updated },
      {
        pages: 3,
        scanned: 2500,
        updated: 0,
      },
    );
    const history = await env.client.workflow.getHandle(lastStart.workflowId, lastStart.runId).fetchHistory();
    const activities = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
    assert.equal(activities.length, 1);
  });

  it('writes exactly the contacts whose recency bucket a day of time moved', async () => {
    clock += DAY;
    // Buckets end at 3, 7, 14, 30, 60 days: a day later, those at exactly 3, 7, 14, 30, 60 move on.
    const crossing = await stack.sb.sql.query<{ n: string }>(
      `select count(*) as n from contacts where account_id = $1 and (extract(day from timestamptz '2026-11-25 12:00:00+00' - last_message_at))::int in (3, 7, 14, 30, 60)`,
      [ACCOUNT],
    );
    const result = await rescore();
    assert.equal(result.updated, Number(crossing[0]!.n));
    assert.ok(result.updated > 0 && result.updated < 2500);
  });
});
