import { benchBackend } from './backend';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { keepAliveExchange } from '../src/adapters/http/keep-alive';
import { senderInput, webhookInputs } from '../src/temporal/workflow-inputs';
import { dmSenderContract, webhookDispatcherContract } from '../src/contracts/catalogue';
import { dmSender } from '../src/workflows/dm-sender';
import { queueChangedSignal } from '../src/contracts/sender';
import { TEST_API_KEY } from '../test/helpers/api';
import { startOutreachStack } from '../test/helpers/outreach-stack';
import { startTestTemporal } from '../test/helpers/temporal';
import { clientFor, startSimulator } from '../test/simulator/sim-fixture';
import { pool, spawnWorker } from './outreach-fixture';
import { benchRoot, cpuLine, cpuOfDescendants } from './process-cpu';
import { atSize, log, report } from './report';
import { senderRuns } from './sender-runs';

/**
 * Enqueueing one DM per request through POST /api/outreach/queue — the real app over real HTTP,
 * the real worker running the account's sender in its own process — against the same number of
 * raw signal-with-starts of that sender (queueChanged) from the same process, both at concurrency
 * 32. The account is paused, so the sender only takes signals and nothing is sent: what is measured
 * is enqueueing. Every request names a contact that exists (the route's usual path), with its own
 * text, so each one stores a new item. Best of two for each side (this machine's timings wander).
 */

const ACCOUNT = 'enqueue';
const CONCURRENCY = 32;
const WARMUP = 64;

interface Run {
  perS: number;
  p50: number;
  p99: number;
  ms: number;
  failed: number;
  signals?: number;
}

async function measure(count: number, call: (n: number) => Promise<boolean>): Promise<Run> {
  const latencies: number[] = [];
  const slow: string[] = [];
  let failed = 0;
  const started = performance.now();
  await pool(
    Array.from({ length: count }, (_, n) => n),
    CONCURRENCY,
    async (n) => {
      const t = performance.now();
      if (!(await call(n))) failed++;
      latencies.push(performance.now() - t);
      if (performance.now() - t > 1_000)
        slow.push(`${utc(performance.timeOrigin + t)}+${Math.round(performance.now() - t)}`);
    },
  );
  const ms = performance.now() - started;
  // Requests over 1 s (start, UTC, + duration in ms): a stall of everything shows as one cluster.
  if (slow.length)
    log(`requests over 1 s: ${slow.length} (${slow.slice(0, 8).join(', ')}${slow.length > 8 ? ', …' : ''})`);
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Number(latencies[Math.ceil(p * latencies.length) - 1]!.toFixed(1));
  return { perS: Number(((count / ms) * 1000).toFixed(1)), p50: at(0.5), p99: at(0.99), ms: Math.round(ms), failed };
}

export async function enqueueBenchmark(count = 2_000) {
  const [env, sim] = await Promise.all([startTestTemporal(), startSimulator({ conversations: 1 })]);
  const backend = benchBackend();
  const stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    workers: 0,
    backend,
    env: { CRM_ACCOUNT_ID: ACCOUNT, CRM_APPROVAL_MODE: 'none' },
  });
  const { worker } = await spawnWorker({
    temporalAddress: env.address,
    taskQueue: stack.taskQueue,
    crmDb: { url: stack.sb.url, key: stack.sb.serviceRoleKey },
    safariUrl: sim.url,
    accountId: ACCOUNT,
  });
  const { app, deps, config } = stack.api();
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false });
  try {
    await stack.account(ACCOUNT);
    await deps.accounts.setPause(ACCOUNT, { paused: true, until: null, reason: 'benchmark: enqueue only' });
    const total = WARMUP + 2 * count;
    await stack.sb.sql.query(
      `insert into contacts (account_id, username) select $1, 'person_' || g from generate_series(0, $2::int - 1) g`,
      [ACCOUNT, total],
    );
    await deps.senders.queueChanged(ACCOUNT); // the sender runs (paused) before anything is timed

    // Wake signals the API really sent: it coalesces them per account.
    let apiSignals = 0;
    const signalWithStart = deps.workflows.signalWithStart.bind(deps.workflows);
    deps.workflows.signalWithStart = (...args) => (apiSignals++, signalWithStart(...args));

    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/outreach/queue`;
    let next = 0;
    // The load generator's client shares this process with the API (a real caller is elsewhere): node:http
    // with keep-alive, not global fetch, whose undici and web streams took about a seventh of this
    // process's CPU in the API's rounds (a CPU profile, 2026-12-07), which is the instrument's, not the route's.
    const exchange = keepAliveExchange();
    const post = async () => {
      const n = next++;
      const res = await exchange(url, {
        method: 'POST',
        headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ username: `person_${n}`, text: `Hello person ${n}, a note just for you` }),
      });
      const body = JSON.parse(res.body.toString('utf8')) as { created?: boolean };
      return res.status === 201 && body.created === true;
    };
    const input = senderInput(deps.config.senderTiming, ACCOUNT);
    const dispatcher = webhookDispatcherContract.id(webhookInputs(config).dispatcher);
    const dispatcherSteps = async () =>
      (await deps.workflows.progress(webhookDispatcherContract, dispatcher))?.steps ?? 0;
    const raw = async () => {
      await env.client.workflow.signalWithStart(dmSender, {
        taskQueue: stack.taskQueue,
        workflowId: dmSenderContract.id(input),
        args: [input],
        signal: queueChangedSignal,
        signalArgs: [{ reason: 'raw' }],
      });
      return true;
    };
    await measure(WARMUP, post);
    await measure(WARMUP, raw);
    const runs = { raw: [] as Run[], api: [] as Run[] };
    for (let round = 0; round < 2; round++) {
      const cpu0 = cpuOfDescendants(benchRoot());
      runs.raw.push(await measure(count, raw));
      const cpu1 = cpuOfDescendants(benchRoot());
      const steps0 = await dispatcherSteps();
      const before = apiSignals;
      runs.api.push({ ...(await measure(count, post)), signals: apiSignals - before });
      log(
        `round ${round + 1} (ended ${utc(Date.now())}): raw ${JSON.stringify(runs.raw[round])}, API ${JSON.stringify(runs.api[round])}`,
      );
      // The outbox events the route writes (outreach.queued) wake the webhook dispatcher: its steps are the route's cost too.
      log(
        `round ${round + 1}: webhook dispatcher steps during the API's requests ${(await dispatcherSteps()) - steps0}`,
      );
      // Each side's CPU by process: on two cores the round is bounded by all of them, not by one.
      log(`round ${round + 1} CPU: raw ${cpuLine(cpu0, cpu1)}; API ${cpuLine(cpu1, cpuOfDescendants(benchRoot()))}`);
    }
    // When each run of the sender ended and what its workflow tasks did, beside the stalls logged above.
    for (const line of await senderRuns(env.client, dmSenderContract.id(input))) log(`sender ${line}`);
    const best = (rs: Run[]) => rs.reduce((a, b) => (b.perS > a.perS ? b : a));
    const [r, a] = [best(runs.raw), best(runs.api)];
    const ratio = a.perS / r.perS;
    const p99Ratio = a.p99 / r.p99;
    const failed = runs.api.reduce((n, x) => n + x.failed, 0);
    if (worker.child.exitCode !== null) log(`the worker exited during the run:\n${worker.output().slice(-2000)}`);
    return report(
      atSize(count, 2000, {
        benchmark: 'enqueue-api-vs-signal',
        figures: {
          requests: count,
          concurrency: CONCURRENCY,
          rawPerS: r.perS,
          rawP50Ms: r.p50,
          rawP99Ms: r.p99,
          apiPerS: a.perS,
          apiP50Ms: a.p50,
          apiP99Ms: a.p99,
          p99Ratio: Number(p99Ratio.toFixed(3)),
          apiWakeSignals: a.signals ?? 0,
          apiFailed: failed,
        },
        ratio,
        target: 'API req/s >= 0.5 x raw signal-with-start/s and API p99 <= 2 x raw p99 (ratio: throughput)',
        met: ratio >= 0.5 && p99Ratio <= 2 && failed === 0,
      }),
    );
  } finally {
    server.close();
    await worker.stop();
    await stack.stop();
    await sim.close();
    await env.teardown();
  }
}

const utc = (ms: number) => new Date(ms).toISOString().slice(11, 23);
