import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLogger } from '../../src/adapters/logging/logger';
import { loadConfig } from '../../src/config';
import { applySchedules } from '../../src/temporal/worker-schedules';
import { replyWatchScheduleId, rescoreScheduleId, syncScheduleId } from '../../src/contracts/ids';
import type { RescoreProgress } from '../../src/contracts/contacts';
import { startSyncStack } from '../helpers/sync-stack';
import { startTestTemporal, triggerAndAwaitTick } from '../helpers/temporal';
import { TEST_ENV } from '../helpers/test-env';
import { clientFor } from '../simulator/sim-fixture';

// The schedules the worker applies at start, from the same config keys (RESCORE_INTERVAL,
// SYNC_INTERVAL): the rescore schedule exists with its interval, a tick rescores the account's
// contacts through the real workflow, and `off` removes it.

const ACCOUNT = 'acct-scheduled-rescore';
let env: TestWorkflowEnvironment;
let stack: Awaited<ReturnType<typeof startSyncStack>>;
const log = createLogger({ level: 'silent', name: 'test' });

before(async () => {
  env = await startTestTemporal();
  stack = await startSyncStack(env, clientFor('http://127.0.0.1:9'));
  await stack.sb.sql.exec(`insert into contacts (account_id, username, last_message_at)
    select '${ACCOUNT}', 'sched_' || g, now() - g * interval '1 day' from generate_series(1, 30) g`);
});
after(async () => {
  await stack?.stop();
  await env?.teardown();
});

const configWith = (intervals: Record<string, string>) =>
  loadConfig({
    ...TEST_ENV,
    CRM_SUPABASE_URL: stack.sb.url,
    CRM_SUPABASE_KEY: stack.sb.serviceRoleKey,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    CRM_ACCOUNT_ID: ACCOUNT,
    MEDIAPOSTER_WATCH_INTERVAL: 'off',
    ...intervals,
  });

describe('the schedules the worker applies', () => {
  it('runs the rescore on RESCORE_INTERVAL, scoring every contact, and removes it when set to off', async () => {
    await applySchedules(configWith({ RESCORE_INTERVAL: '6h', SYNC_INTERVAL: 'off' }), env.client, log);
    const schedule = env.client.schedule.getHandle(rescoreScheduleId(ACCOUNT));
    assert.deepEqual(
      (await schedule.describe()).spec.intervals?.map((i) => i.every),
      [6 * 3_600_000],
    );
    await assert.rejects(
      env.client.schedule.getHandle(syncScheduleId(ACCOUNT)).describe(),
      /not found/i,
      'SYNC_INTERVAL=off: no sync schedule',
    );

    const tick = await triggerAndAwaitTick(schedule);
    assert.equal(await env.client.workflow.getHandle(tick).result(), 'started');
    const rescored = (await env.client.workflow.getHandle(`rescore-contacts:${ACCOUNT}`).result()) as RescoreProgress;
    assert.equal(rescored.scanned, 30);
    const unscored = await stack.sb.sql.query(
      `select 1 from contacts where account_id = $1 and relationship_score is null`,
      [ACCOUNT],
    );
    assert.equal(unscored.length, 0);

    await applySchedules(configWith({ RESCORE_INTERVAL: 'off', SYNC_INTERVAL: 'off' }), env.client, log);
    await assert.rejects(schedule.describe(), /not found/i, 'RESCORE_INTERVAL=off removes the schedule');
  });

  it('gives every account its reply watch on REPLY_WATCH_INTERVAL, starting watchReplies, and removes them when off', async () => {
    const accounts = [ACCOUNT, 'acct-second'];
    const off = { RESCORE_INTERVAL: 'off', SYNC_INTERVAL: 'off' };
    await applySchedules(configWith({ ...off, REPLY_WATCH_INTERVAL: '5m' }), env.client, log, accounts);
    for (const account of accounts) {
      const described = await env.client.schedule.getHandle(replyWatchScheduleId(account)).describe();
      assert.deepEqual(
        described.spec.intervals?.map((i) => i.every),
        [5 * 60_000],
      );
      const [start] = (described.action as { args?: { workflowType: string; workflowId: string }[] }).args ?? [];
      assert.equal(start?.workflowType, 'watchReplies');
      assert.equal(start?.workflowId, `reply-watch:${account}`);
    }
    await applySchedules(configWith({ ...off, REPLY_WATCH_INTERVAL: 'off' }), env.client, log, accounts);
    for (const account of accounts)
      await assert.rejects(env.client.schedule.getHandle(replyWatchScheduleId(account)).describe(), /not found/i);
  });
});
