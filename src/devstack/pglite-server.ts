import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { freePort } from './processes';
import { pgliteExecutor, type SqlExecutor } from './sql-executor';

/**
 * PGlite (Postgres compiled to WASM) persisted in a directory and served over the Postgres wire
 * protocol, so PostgREST can use it like any database.
 *
 * A new PGlite directory costs ~10 s of initdb; a copy of an initialised template costs < 1 s.
 * The template lives in the cache directory outside the checkout and is made once per machine.
 */

export interface PgliteServer {
  url: string;
  executor: SqlExecutor;
  stop: () => Promise<void>;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function ensureTemplate(cacheDir: string): Promise<string> {
  const template = join(cacheDir, 'pglite-template-0.5');
  if (await exists(join(template, 'PG_VERSION'))) return template;
  const staging = `${template}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(dirname(staging), { recursive: true });
  const db = await PGlite.create(staging);
  await db.close();
  // rename is atomic: a concurrent creator either wins or finds the finished template in place.
  await rename(staging, template).catch(async () => rm(staging, { recursive: true, force: true }));
  return template;
}

export async function startPgliteServer(opts: { dataDir: string; cacheDir: string }): Promise<PgliteServer> {
  if (!(await exists(join(opts.dataDir, 'PG_VERSION')))) {
    const template = await ensureTemplate(opts.cacheDir);
    await mkdir(dirname(opts.dataDir), { recursive: true });
    await cp(template, opts.dataDir, { recursive: true });
  }
  const db = await PGlite.create(opts.dataDir);
  const port = await freePort();
  // PGlite has one session; the socket server hands it to one client transaction at a time.
  // Slots: PostgREST's pool of one, its brief overlap when it reconnects at start-up, and one
  // direct SQL client (tests and tools).
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 3 });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    executor: pgliteExecutor(db),
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
