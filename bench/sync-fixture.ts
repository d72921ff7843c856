import { benchBackend } from './backend';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { createActivityDeps } from '../src/activity-deps';
import { createSupabase } from '../src/adapters/db/supabase';
import { dataApiFetch } from '../src/adapters/db/data-api-fetch';
import { createHttpSafariClient } from '../src/adapters/safari/http-safari-client';
import { DEFAULT_SCORE_WEIGHTS } from '../src/domain/scoring';
import { createSimulator } from '../src/simulator/simulator';
import { createWorkflowGateway } from '../src/temporal/workflow-gateway';
import { loadConfig } from '../src/config';
import { pokingFetch } from '../src/adapters/webhooks/outbox-waker';
import { dispatcherWaker } from '../src/temporal/webhook-delivery';
import { webhookInputs } from '../src/temporal/workflow-inputs';
import { TEST_ENV } from '../test/helpers/test-env';
import { startTestSupabase, type TestSupabase } from '../test/helpers/supabase';
import { startTestTemporal, uniqueTaskQueue, workflowBundle } from '../test/helpers/temporal';
import { createKeepAliveFetch } from '../src/adapters/safari/keep-alive-fetch';
import { syncProfile } from './sync-profile';

/**
 * The real parts a sync benchmark runs on: Temporal dev server, PostgREST over PGlite (or the data
 * API `startDb` serves: bench/embedded-db.ts compares databases), the simulator at zero latency.
 */
export async function startBenchStack(
  conversations: number,
  messagesPerThread: [number, number],
  clock = { offsetMs: 0 },
  startDb: () => Promise<TestSupabase> = () => startTestSupabase(benchBackend()),
) {
  const [env, sb] = await Promise.all([startTestTemporal(), startDb()]);
  const sim = createSimulator({
    flavor: 'head',
    lossyReads: false,
    conversations,
    messagesPerThread,
    latencyScale: 0,
    seed: 2026,
    clock: { startMs: Date.UTC(2026, 10, 25, 12) },
    rateLimits: { perHour: null, perDay: null, activeHours: null },
  });
  const running = await sim.listen(0);
  const minute = 60_000;
  const profile = syncProfile();
  const safari = createHttpSafariClient({
    baseUrl: running.url,
    fetch: profile.safariFetch(createKeepAliveFetch()),
    timeouts: {
      defaultMs: 10 * minute,
      statusMs: 10 * minute,
      readMs: 10 * minute,
      sendMs: 10 * minute,
      allConversationsMs: 10 * minute,
    },
    holdAfterNoAnswerMs: 0,
  });
  const taskQueue = uniqueTaskQueue('bench');
  const gateway = createWorkflowGateway(env.client, taskQueue);
  // As the worker runs it: every write wakes the webhook dispatcher (no endpoint is registered).
  const config = loadConfig({
    ...TEST_ENV,
    CRM_SUPABASE_URL: sb.url,
    CRM_SUPABASE_KEY: sb.serviceRoleKey,
    TEMPORAL_TASK_QUEUE: taskQueue,
  });
  const webhook = webhookInputs(config);
  const waker = dispatcherWaker(profile.wakes(gateway), webhook.dispatcher, () => {});
  const crmDb = createSupabase(config.crmDb, pokingFetch(waker.poke, profile.dataFetch(dataApiFetch)));
  const deps = createActivityDeps({
    crmDb,
    webhookDb: createSupabase(config.crmDb),
    safari,
    safariUrl: running.url,
    workflows: gateway,
    scoreWeights: DEFAULT_SCORE_WEIGHTS,
    webhooks: { endpointInput: webhook.endpoint, allowPrivate: true },
    now: () => Date.now() + clock.offsetMs,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(deps),
  });
  const workerRun = worker.run();
  return {
    env,
    sb,
    sim,
    crmDb,
    deps,
    taskQueue,
    gateway,
    profile,
    stop: async () => {
      worker.shutdown();
      await workerRun;
      await running.close();
      await sb.stop();
      await env.teardown();
    },
  };
}

export type BenchStack = Awaited<ReturnType<typeof startBenchStack>>;
