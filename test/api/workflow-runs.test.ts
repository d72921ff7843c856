import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../src/api/app';
import { createTemporalClient } from '../../src/temporal/client';
import { CrmAccountId, CrmWorkflowKind } from '../../src/temporal/search-attributes';
import { createWorkflowRunLister } from '../../src/temporal/workflow-runs';
import { makeApiDeps, withKey } from '../helpers/api';
import { eventually } from '../helpers/outreach-stack';
import { startTestTemporal } from '../helpers/temporal';

// GET /api/workflows against a real Temporal server's visibility: runs filtered by kind and
// account, newest first, each linked to the Temporal Web UI; validation; and Temporal stopped → 503.

type Runs = {
  runs: {
    workflowId: string;
    kind: string;
    accountId: string | null;
    status: string;
    temporalUiUrl: string;
    statusUrl: string;
  }[];
  count: number;
};

let env: TestWorkflowEnvironment;
let stopped = false;
let close: () => Promise<void>;
let app: ReturnType<typeof createApp>;
const UI = 'http://temporal-ui.test:8233';

before(async () => {
  env = await startTestTemporal();
  const { client, connection } = createTemporalClient({
    address: env.address,
    namespace: 'default',
    tls: false,
  } as Parameters<typeof createTemporalClient>[0]);
  close = () => connection.close();
  app = createApp(makeApiDeps({ config: { temporalUiUrl: UI }, workflowRuns: createWorkflowRunLister(client) }));
  // No worker polls this queue: the runs stay open, which is all a listing needs.
  const start = (type: string, id: string, account: string) =>
    client.workflow.start(type, {
      taskQueue: 'runs-test',
      workflowId: id,
      args: [{}],
      typedSearchAttributes: [
        { key: CrmWorkflowKind, value: type },
        { key: CrmAccountId, value: account },
      ],
    });
  // Started a few ms apart, so "newest first" has one answer (start times are kept to the millisecond).
  const apart = () => new Promise((r) => setTimeout(r, 5));
  await start('syncConversations', 'sync-conversations:acct-a', 'acct-a');
  await apart();
  await start('sendDmWithContent', 'send-dm:acct-a:k1', 'acct-a');
  await apart();
  await start('syncConversations', 'sync-conversations:acct-b', 'acct-b');
  await client.workflow.start('syncConversations', {
    taskQueue: 'runs-test',
    workflowId: 'not-ours-at-all',
    args: [{}],
  });
});
after(async () => {
  await close?.();
  if (!stopped) await env?.teardown();
});

const get = async (q: string) => {
  const res = await app.request(`/api/workflows${q}`, withKey());
  return { status: res.status, body: (await res.json()) as Runs & { error?: { code: string } } };
};

describe('GET /api/workflows', () => {
  it("lists the CRM's runs newest first (only ours: those with CrmWorkflowKind), each linked to the Temporal UI", async () => {
    const { body } = await eventually(
      () => get(''),
      (r) => r.body.count === 3,
      'the three runs to be visible',
    );
    assert.deepEqual(
      body.runs.map((r) => r.workflowId),
      ['sync-conversations:acct-b', 'send-dm:acct-a:k1', 'sync-conversations:acct-a'],
    );
    const run = body.runs[0]!;
    assert.deepEqual([run.kind, run.accountId, run.status], ['syncConversations', 'acct-b', 'RUNNING']);
    assert.match(
      run.temporalUiUrl,
      new RegExp(`^${UI}/namespaces/default/workflows/sync-conversations%3Aacct-b/[0-9a-f-]+/history$`),
    );
    assert.equal(run.statusUrl, '/api/workflows/sync-conversations%3Aacct-b');
  });

  it('filters by kind and account, and keeps to the limit', async () => {
    assert.deepEqual(
      (await get('?kind=syncConversations')).body.runs.map((r) => r.workflowId),
      ['sync-conversations:acct-b', 'sync-conversations:acct-a'],
    );
    assert.deepEqual(
      (await get('?kind=syncConversations,sendDmWithContent&accountId=acct-a')).body.runs.map((r) => r.workflowId),
      ['send-dm:acct-a:k1', 'sync-conversations:acct-a'],
    );
    assert.equal((await get('?limit=1')).body.count, 1);
  });

  it('refuses an unknown kind, a limit out of range and an unknown parameter with 400', async () => {
    for (const q of [
      '?kind=nope',
      '?kind=syncConversations,',
      '?limit=0',
      '?limit=101',
      '?status=RUNNING',
      '?accountId=BAD!',
    ]) {
      const { status, body } = await get(q);
      assert.equal(status, 400, q);
      assert.equal(body.error?.code, 'VALIDATION_FAILED', q);
    }
  });

  it('answers 503 TEMPORAL_UNAVAILABLE once Temporal has stopped', async () => {
    stopped = true;
    await env.teardown();
    const { status, body } = await get('');
    assert.equal(status, 503);
    assert.equal(body.error?.code, 'TEMPORAL_UNAVAILABLE');
  });
});
