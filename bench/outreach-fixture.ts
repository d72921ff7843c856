import { benchBackend } from './backend';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { newOutreachItem } from '../src/app/outreach/outreach-items';
import { createAccountRepository } from '../src/adapters/db/account-repository';
import { createOutreachRepository } from '../src/adapters/db/outreach-repository';
import { createSupabase } from '../src/adapters/db/supabase';
import { loadConfig } from '../src/config';
import { spawnManaged } from '../src/devstack/processes';
import type { AccountOverrides } from '../src/domain/outreach';
import { createWorkflowGateway } from '../src/temporal/workflow-gateway';
import { senderInput, senderTimingFromConfig } from '../src/temporal/workflow-inputs';
import { dmSenderContract } from '../src/contracts/catalogue';
import { queueChangedSignal, settingsChangedSignal } from '../src/contracts/sender';
import { startTestSupabase } from '../test/helpers/supabase';
import { startTestTemporal, uniqueTaskQueue } from '../test/helpers/temporal';
import { workerEnv, type WorkerSettings } from '../test/helpers/worker-process';
import { startSimulator } from '../test/simulator/sim-fixture';

/**
 * The parts the backlog and sends benchmarks run on: Temporal dev server, the data API over PGlite
 * (child process), simulators at zero latency, and the real worker (`node --import tsx
 * src/worker.ts`) as its own process, configured only through its environment — so its memory is
 * its own and can be read from /proc, and the benchmark process's bookkeeping does not weigh on it.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MB = 1024;

export async function startOutreachBench(o: {
  simulators: number;
  people: number;
  workerEnv?: Record<string, string>;
  nodeArgs?: string[];
}) {
  const [env, sb, ...sims] = await Promise.all([
    startTestTemporal(),
    startTestSupabase(benchBackend()),
    ...Array.from({ length: o.simulators }, (_, i) =>
      startSimulator({
        flavor: 'head',
        conversations: o.people,
        seed: 2026 + i,
        lossyReads: false,
        rateLimits: { perHour: null, perDay: null, activeHours: null },
      }),
    ),
  ]);
  const taskQueue = uniqueTaskQueue('bench-outreach');
  const crm = { url: sb.url, key: sb.serviceRoleKey };
  const { worker, timing, alive, memory } = await spawnWorker({
    temporalAddress: env.address,
    taskQueue,
    crmDb: crm,
    safariUrl: sims[0]!.url,
    accountId: 'bench-default',
    env: o.workerEnv,
    nodeArgs: o.nodeArgs,
  });
  const crmDb = createSupabase(crm);
  const gateway = createWorkflowGateway(env.client, taskQueue);
  const accounts = createAccountRepository(crmDb);
  const outreach = createOutreachRepository(crmDb);

  return {
    env,
    sb,
    sims,
    crmDb,
    gateway,
    taskQueue,
    timing,
    worker,
    accounts,
    outreach,
    alive,
    memory,
    sampleRss: () => sampleRss(memory, () => worker.child.exitCode === null),
    async account(id: string, safariUrl: string, overrides: Partial<AccountOverrides>) {
      await accounts.ensure(id, safariUrl);
      if (Object.keys(overrides).length) await accounts.update(id, overrides);
    },
    /** One contact per handle, in one statement; returns them in the order given. */
    async contacts(accountId: string, usernames: string[]) {
      const rows = await sb.sql.query<{ id: string; username: string }>(
        `insert into contacts (account_id, username) select $1, u from unnest($2::text[]) u
         on conflict (account_id, username) do update set username = excluded.username returning id, username`,
        [accountId, usernames],
      );
      const byName = new Map(rows.map((r) => [r.username, r.id]));
      return usernames.map((username) => ({ id: byName.get(username)!, username, totalMessagesReceived: 0 }));
    },
    /** Ledger rows as the API builds them (plain queue items, no approval needed). */
    drafts(
      accountId: string,
      people: { id: string; username: string; totalMessagesReceived: number }[],
      count: number,
      from = 0,
    ) {
      return Array.from({ length: count }, (_, i) => {
        const n = from + i;
        const contact = people[n % people.length]!;
        return newOutreachItem(
          accountId,
          {
            kind: 'queued',
            businessKey: `bench:${accountId}:${n}`,
            contact,
            text: `Hello ${contact.username}, note #${n} from ${accountId}`,
            priority: 50,
            scheduledAt: null,
            campaign: null,
            template: null,
            videoId: null,
            notifyWorkflowId: null,
            requestId: null,
          },
          'none',
        );
      });
    },
    wake: (accountId: string, reason = 'bench') =>
      gateway.signalWithStart(dmSenderContract, senderInput(timing, accountId), queueChangedSignal, { reason }),
    settingsChanged: (accountId: string) =>
      gateway.signalWithStart(dmSenderContract, senderInput(timing, accountId), settingsChangedSignal, {
        reason: 'bench',
      }),
    histories: () => histories(env.client, taskQueue),
    stop: async () => {
      await worker.stop();
      await Promise.all(sims.map((s) => s.close()));
      await sb.stop();
      await env.teardown();
    },
  };
}
export type OutreachBench = Awaited<ReturnType<typeof startOutreachBench>>;

/**
 * The real worker process, ready (it has logged "worker started"), and the sender input it would
 * build. `nodeArgs` are for looking closer, e.g. ['--trace-gc'] (which NODE_OPTIONS refuses).
 */
export async function spawnWorker(s: WorkerSettings & { nodeArgs?: string[] }) {
  // LOG_LEVEL info only so that "worker started" shows when the worker is ready.
  const wenv = workerEnv({ ...s, env: { LOG_LEVEL: 'info', ...s.env } });
  const worker = spawnManaged({
    name: 'worker',
    command: process.execPath,
    args: [...(s.nodeArgs ?? []), '--import', 'tsx', 'src/worker.ts'],
    env: wenv,
    cwd: ROOT,
  });
  const alive = () => {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null)
      throw new Error(`the worker exited:\n${worker.output().slice(-4000)}`);
  };
  await until(() => worker.output().includes('worker started'), 'the worker to start', 120_000, alive);
  /** The worker process's resident memory now and its peak (VmHWM), in MB. */
  const memory = () => memoryOf(worker.child.pid!);
  // The sender's input as the worker itself would build it (the first signal-with-start fixes it).
  return { worker, alive, memory, timing: senderTimingFromConfig(loadConfig(wenv)) };
}

export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: Math.round(kb('VmRSS') / MB), peakMb: Math.round(kb('VmHWM') / MB) };
}

/** The worker's largest RSS while sampling, and one reading every `trendMs` to show its trend. */
export function sampleRss(memory: () => { rssMb: number }, running: () => boolean, trendMs = 60_000) {
  const started = Date.now();
  let max = 0;
  const trend: number[] = [];
  const timer = setInterval(() => {
    if (!running()) return;
    const { rssMb } = memory();
    max = Math.max(max, rssMb);
    if (Date.now() - started >= trend.length * trendMs) trend.push(rssMb);
  }, 250).unref();
  return { stop: () => (clearInterval(timer), { maxMb: max, trend }) };
}

/**
 * The longest history of every run on the task queue, continued-as-new ones included: closed runs
 * from visibility (their final length), running ones by describe (visibility's copy is stale).
 * Also the longest per kind of workflow (the id's prefix: dm-sender, safari-host).
 */
export async function histories(client: Client, taskQueue: string) {
  let longest = { workflowId: '', length: 0 };
  const byKind: Record<string, number> = {};
  let runs = 0;
  for await (const wf of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    runs++;
    const length =
      wf.status.name === 'RUNNING'
        ? (await client.workflow.getHandle(wf.workflowId, wf.runId).describe()).historyLength
        : wf.historyLength;
    if (length > longest.length) longest = { workflowId: wf.workflowId, length };
    const kind = wf.workflowId.split(':')[0]!;
    byKind[kind] = Math.max(byKind[kind] ?? 0, length);
  }
  return { runs, longest, byKind };
}

/** Polls (bounded) until `check` holds; `alive` may throw to stop early. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  alive: () => unknown = () => true,
  pollMs = 100,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    alive();
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Runs `work` over `items` with at most `concurrency` at once. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}
