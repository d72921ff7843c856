import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, type OutreachSettings } from '../../src/activities';
import { createActivityDeps } from '../../src/activity-deps';
import { createSupabase } from '../../src/adapters/db/supabase';
import type { SafariClient } from '../../src/adapters/safari/safari-client';
import { DEFAULT_SCORE_WEIGHTS } from '../../src/domain/scoring';
import { createWorkflowGateway } from '../../src/temporal/workflow-gateway';
import { syncConversationsContract } from '../../src/contracts/catalogue';
import type { SyncConversationsInput, SyncProgress, SyncScope } from '../../src/contracts/sync';
import { startOutageProxy } from './outage-proxy';
import { startTestSupabase, type BackendKind, type TestSupabase } from './supabase';
import { uniqueTaskQueue, workflowBundle } from './temporal';

/**
 * The sync's real parts for one test file: a data API (PGlite, or PostgreSQL with `backend`), a worker on the real Temporal
 * server running the real activities against the Safari simulator, and the gateway the API uses.
 */

export const FAST_TIMING = {
  db: { initialMs: 50, maxMs: 200, attempts: 10 },
  safari: { initialMs: 50, maxMs: 200, attempts: 10 },
  heartbeatTimeoutMs: 5_000,
  safariQuietMs: 0,
};

/** `outage`: the worker reaches the data API through a proxy the test can cut (helpers/outage-proxy.ts). */
export async function startSyncStack(
  env: TestWorkflowEnvironment,
  safari: SafariClient,
  now: () => number = Date.now,
  safariUrl?: string,
  opts: { outage?: boolean; backend?: BackendKind; outreach?: OutreachSettings } = {},
) {
  const sb: TestSupabase = await startTestSupabase(opts.backend ?? 'pglite');
  const proxy = opts.outage ? await startOutageProxy(sb.url) : null;
  const crmDb = createSupabase({ url: proxy?.url ?? sb.url, key: sb.serviceRoleKey });
  const taskQueue = uniqueTaskQueue('sync');
  const gateway = createWorkflowGateway(env.client, taskQueue);
  const deps = createActivityDeps({
    crmDb,
    safari,
    safariUrl,
    workflows: gateway,
    outreach: opts.outreach,
    scoreWeights: DEFAULT_SCORE_WEIGHTS,
    now: () => now(),
  });
  const bundle = await workflowBundle();

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  async function startWorker() {
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: createActivities(deps),
    });
    running = worker.run();
  }
  async function stopWorker() {
    worker?.shutdown();
    await running;
    worker = undefined;
  }
  await startWorker();

  const input = (
    accountId: string,
    overrides: Partial<SyncConversationsInput> = {},
    scope: SyncScope = { kind: 'inbox', tab: 'all' },
  ): SyncConversationsInput => ({
    version: 1,
    accountId,
    scope,
    readThreads: true,
    batchSize: 5,
    readLimit: 100,
    batchesPerRun: 100,
    timing: FAST_TIMING,
    ...overrides,
  });

  /** Starts a sync and waits for its result (following continue-as-new), read through its contract. */
  async function syncOnce(accountId: string, overrides: Partial<SyncConversationsInput> = {}, timeoutMs = 120_000) {
    const started = await gateway.start(syncConversationsContract, input(accountId, overrides));
    const awaited = await gateway.awaitResult(syncConversationsContract, started.workflowId, started.runId, timeoutMs);
    if (!awaited.done) throw new Error(`the sync of ${accountId} did not finish within ${timeoutMs} ms`);
    if ('error' in awaited) throw new Error(`the sync of ${accountId} failed: ${awaited.error}`);
    return awaited.result satisfies SyncProgress;
  }

  return {
    sb,
    proxy,
    crmDb,
    deps,
    gateway,
    taskQueue,
    input,
    syncOnce,
    startWorker,
    stopWorker,
    stop: async () => {
      await stopWorker();
      await proxy?.close();
      await sb.stop();
    },
  };
}

/** Row counts of everything a sync writes, for "writes nothing" and "no duplicates" checks. */
export async function snapshot(sb: TestSupabase, accountId: string) {
  const one = async (sql: string) => Number((await sb.sql.query<{ n: string }>(sql, [accountId]))[0]!.n);
  return {
    contacts: await one(`select count(*) as n from contacts where account_id = $1`),
    conversations: await one(`select count(*) as n from conversations where account_id = $1`),
    messages: await one(`select count(*) as n from messages where account_id = $1`),
    scoreHistory: await one(
      `select count(*) as n from score_history h join contacts c on c.id = h.contact_id where c.account_id = $1`,
    ),
    events: await one(`select count(*) as n from event_outbox where account_id = $1`),
    lastContactWrite: await one(
      `select coalesce(extract(epoch from max(updated_at)) * 1000, 0) as n from contacts where account_id = $1`,
    ),
    lastConversationWrite: await one(
      `select coalesce(extract(epoch from max(updated_at)) * 1000, 0) as n from conversations where account_id = $1`,
    ),
  };
}

/** Each stored thread as "in:text" / "out:text" lines, keyed by handle, for comparing with the simulator. */
export async function storedThreads(sb: TestSupabase, accountId: string): Promise<Map<string, string[]>> {
  const rows = await sb.sql.query<{ name: string; line: string }>(
    `select coalesce(c.username, c.display_name) as name, (case when m.is_outbound then 'out:' else 'in:' end) || m.message_text as line
     from messages m join contacts c on c.id = m.contact_id where m.account_id = $1 order by c.id, m.position`,
    [accountId],
  );
  const threads = new Map<string, string[]>();
  for (const r of rows) threads.set(r.name, [...(threads.get(r.name) ?? []), r.line]);
  return threads;
}
