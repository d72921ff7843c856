import { benchBackend } from './backend';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { createActivityDeps } from '../src/activity-deps';
import { createSupabase } from '../src/adapters/db/supabase';
import { createHttpSafariClient } from '../src/adapters/safari/http-safari-client';
import { loadConfig } from '../src/config';
import { replyWatchContract, syncContactsContract, syncConversationsContract } from '../src/contracts/catalogue';
import { replyWatchScheduleId } from '../src/contracts/ids';
import { SCHEDULED_START_TYPE, scheduledStartInput } from '../src/contracts/scheduled-start';
import { DEFAULT_SCORE_WEIGHTS } from '../src/domain/scoring';
import { createSimulator } from '../src/simulator/simulator';
import { ensureSchedule } from '../src/temporal/schedules';
import { createWorkflowGateway } from '../src/temporal/workflow-gateway';
import {
  inputSettings,
  outreachSettingsFromConfig,
  replyWatchInput,
  syncInputFromConfig,
} from '../src/temporal/workflow-inputs';
import { startTestSupabase } from '../test/helpers/supabase';
import { startTestTemporal, uniqueTaskQueue, workflowBundle } from '../test/helpers/temporal';
import { TEST_ENV } from '../test/helpers/test-env';
import { log, report } from './report';

/**
 * How long a reply takes to reach the CRM with the reply watch on, in simulator time: the Safari
 * simulator runs its clock in real time with the later server's browser timings scaled by SCALE,
 * and the watch's interval is scaled the same way (5 min → 30 s). An inbound message is written to
 * a primary conversation at several points of the interval, the worst of them just after a tick's
 * primary listing, and the time until the CRM has it is measured. Baseline, in the same run: one
 * thread read (a sync of that one contact: claim, open, read, write).
 */

const SCALE = 0.1;
const INTERVAL_MS = 5 * 60_000 * SCALE;
const ACCOUNT = 'bench-watch';
/**
 * When the inbound is written, in ms after a tick has stored its primary listing (its progress says
 * so): the first at once, just missed by that listing, the worst case.
 */
const PHASES_MS = [0, INTERVAL_MS / 3, (2 * INTERVAL_MS) / 3];

export async function replyWatchBenchmark() {
  const [env, sb] = await Promise.all([startTestTemporal(), startTestSupabase(benchBackend())]);
  const sim = createSimulator({
    flavor: 'head',
    lossyReads: false,
    conversations: 12,
    seed: 2027,
    latencyScale: SCALE,
    clock: { startMs: Date.UTC(2026, 11, 7, 12), running: true },
    rateLimits: { perHour: null, perDay: null, activeHours: null },
  });
  const running = await sim.listen(0);
  const minute = 60_000;
  const timeouts = { defaultMs: minute, statusMs: minute, readMs: minute, sendMs: minute, allConversationsMs: minute };
  const safari = createHttpSafariClient({ baseUrl: running.url, timeouts, holdAfterNoAnswerMs: 0 });
  const taskQueue = uniqueTaskQueue('bench-watch');
  const gateway = createWorkflowGateway(env.client, taskQueue);
  const config = loadConfig({
    ...TEST_ENV,
    CRM_SUPABASE_URL: sb.url,
    CRM_SUPABASE_KEY: sb.serviceRoleKey,
    TEMPORAL_TASK_QUEUE: taskQueue,
  });
  const deps = createActivityDeps({
    crmDb: createSupabase(config.crmDb),
    safari,
    safariUrl: running.url,
    workflows: gateway,
    outreach: outreachSettingsFromConfig(config),
    scoreWeights: DEFAULT_SCORE_WEIGHTS,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(deps),
  });
  const workerRun = worker.run();
  const settings = { ...inputSettings(config), accountId: ACCOUNT };
  const result = async (workflowId: string) => env.client.workflow.getHandle(workflowId).result();
  const storedAt = async (text: string) => {
    for (let i = 0; i < 4 * (INTERVAL_MS / 50); i++) {
      const [row] = await sb.sql.query<{ n: string }>(
        `select count(*) as n from messages where account_id = $1 and message_text = $2`,
        [ACCOUNT, text],
      );
      if (Number(row!.n) > 0) return sim.control.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`"${text}" was not stored within four intervals`);
  };
  const listings = () => sim.control.requests()['/api/conversations'] ?? 0;
  const tickId = replyWatchContract.id(replyWatchInput(settings, ACCOUNT));
  const tickRunning = async () => (await gateway.describe(tickId))?.status === 'RUNNING';
  const primaryStored = async () =>
    (await gateway.progress(replyWatchContract, tickId).catch(() => null))?.tabsListed.includes('primary') ?? false;
  try {
    log(`reply watch: first sync of ${ACCOUNT} at x${SCALE} browser timings`);
    await result((await gateway.start(syncConversationsContract, syncInputFromConfig(settings))).workflowId);
    const now = sim.control.now();
    const thread = sim.control
      .threads()
      .find((t) => t.tab === 'primary' && !t.listsDisplayName && t.messages.some((m) => m.atMs <= now));
    if (!thread) throw new Error('no primary conversation listed by its handle');

    // Baseline: one thread read, through the same batches the watch uses.
    sim.control.addInbound(thread.username, 'baseline: one thread read');
    const scope = { kind: 'contacts' as const, usernames: [thread.username] };
    const baseStart = sim.control.now();
    await result((await gateway.start(syncContactsContract, syncInputFromConfig(settings, scope), 'bench')).workflowId);
    const oneReadMs = sim.control.now() - baseStart;

    await ensureSchedule(env.client, {
      scheduleId: replyWatchScheduleId(ACCOUNT),
      workflowType: SCHEDULED_START_TYPE,
      args: [scheduledStartInput(replyWatchContract, replyWatchInput(settings, ACCOUNT))],
      accountId: ACCOUNT,
      taskQueue,
      intervalMs: INTERVAL_MS,
    });
    // The first tick reads what the baseline's store left queued: the samples start after it.
    const warm = listings();
    for (let w = 0; listings() === warm || (await tickRunning()); w++) {
      if (w > 8 * (INTERVAL_MS / 50)) throw new Error('no complete watch tick within eight intervals');
      await new Promise((r) => setTimeout(r, 50));
    }
    const latencies: number[] = [];
    for (const [i, phase] of PHASES_MS.entries()) {
      // The next listing after the last tick ended is the next tick's primary listing.
      for (let w = 0; await tickRunning(); w++) {
        if (w > 4 * (INTERVAL_MS / 50)) throw new Error('a watch tick ran for four intervals');
        await new Promise((r) => setTimeout(r, 50));
      }
      const seen = listings();
      for (let w = 0; listings() === seen; w++) {
        if (w > 4 * (INTERVAL_MS / 5)) throw new Error('no watch tick within four intervals');
        await new Promise((r) => setTimeout(r, 5));
      }
      for (let w = 0; !(await primaryStored()); w++) {
        if (w > 1_000) throw new Error('the tick did not store its primary listing within 1000 checks');
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, phase));
      const text = `bench reply ${i}: sounds good, send it over`;
      const written = sim.control.now();
      sim.control.addInbound(thread.username, text);
      latencies.push((await storedAt(text)) - written);
      log(`reply written ${Math.round(phase)} ms into a tick: stored after ${latencies.at(-1)} ms`);
    }
    await env.client.schedule.getHandle(replyWatchScheduleId(ACCOUNT)).delete();
    const worst = Math.max(...latencies);
    const target = INTERVAL_MS + oneReadMs;
    return [
      report({
        benchmark: 'reply-watch latency (simulator time)',
        figures: {
          scale: SCALE,
          intervalMs: INTERVAL_MS,
          oneThreadReadMs: oneReadMs,
          worstMs: worst,
          worstBeyondIntervalMs: worst - INTERVAL_MS,
          ...Object.fromEntries(latencies.map((l, i) => [`at${Math.round(PHASES_MS[i]!)}msMs`, l])),
        },
        ratio: worst / target,
        target: `worst reply latency ≤ interval + one thread read (${INTERVAL_MS} + ${oneReadMs} ms)`,
        met: worst <= target,
        note: `worst = interval ${worst - INTERVAL_MS >= 0 ? '+' : '-'} ${Math.abs(worst - INTERVAL_MS)} ms`,
      }),
    ];
  } finally {
    worker.shutdown();
    await workerRun;
    await running.close();
    await sb.stop();
    await env.teardown();
  }
}
