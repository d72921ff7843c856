import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/devstack/embedded-postgres';
import type { BackendKind } from '../test/helpers/supabase';
import { log } from './report';

/**
 * The database the benchmarks run over: by default what `npm start` runs, the embedded PostgreSQL
 * from npm (one cluster for the whole run, a fresh database per benchmark, as the tests do);
 * `BENCH_BACKEND=pglite` for PGlite; `TEST_POSTGRES_URL` set: that server instead of a new cluster.
 */
export function benchBackend(): BackendKind {
  return process.env.BENCH_BACKEND === 'pglite' ? 'pglite' : 'postgres';
}

/** Starts the embedded cluster when the run needs one; the returned function stops it. */
export async function startBenchDatabase(): Promise<() => Promise<void>> {
  if (benchBackend() === 'pglite') return (log('data API over PGlite'), async () => undefined);
  if (process.env.TEST_POSTGRES_URL) return (log('data API over TEST_POSTGRES_URL'), async () => undefined);
  const dir = await mkdtemp(join(tmpdir(), 'crm-bench-postgres-'));
  await chmod(dir, 0o755); // as root the cluster runs as `postgres`, which must reach its directory
  const cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'data') });
  process.env.TEST_POSTGRES_URL = cluster.url;
  log('data API over the embedded PostgreSQL (BENCH_BACKEND=pglite for PGlite)');
  return async () => {
    delete process.env.TEST_POSTGRES_URL;
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
