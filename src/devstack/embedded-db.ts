import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackConfig } from '../config';
import { startEmbeddedPostgres } from './embedded-postgres';
import type { DatabaseBackend } from './local-supabase';
import { freePort } from './processes';
import { supervise, type Supervised } from './supervisor';

/**
 * Which database each local data API of `npm start` runs on when the user named none: one embedded
 * PostgreSQL cluster in `<data>/postgres` holding a database per project (measured faster than
 * PGlite under concurrent writers: README "Benchmarks"), or PGlite. A project whose data already
 * lives in PGlite (`<data>/<name>-db`, from before PostgreSQL was the default) stays there, so
 * nothing stored is left behind; a machine where the cluster cannot start falls back to PGlite and says why.
 */

export interface EmbeddedDatabases {
  backendFor: (project: string) => Promise<DatabaseBackend & { note: string }>;
  parts: Supervised[];
  stop: () => Promise<void>;
}

type Log = (line: string) => void;

export function embeddedDatabases(
  cfg: StackConfig,
  dataDir: string,
  log: Log,
  onGiveUp: (reason: string, crashed: boolean) => void,
): EmbeddedDatabases {
  const parts: Supervised[] = [];
  let cluster: Promise<{ createDatabase: (name: string) => Promise<string> } | null> | undefined;

  const startCluster = async () => {
    const port = await freePort(); // kept across restarts: the data APIs' PostgREST points at it
    const dir = join(dataDir, 'postgres');
    let latest: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
    const part = supervise({
      name: 'PostgreSQL',
      say: log,
      onGiveUp,
      start: async () => (latest = await startEmbeddedPostgres({ dataDir: dir, port })).process,
    });
    try {
      await part.ready;
    } catch (err) {
      log(`embedded PostgreSQL could not start, so the data APIs use PGlite: ${(err as Error).message.split('\n')[0]}`);
      return null;
    }
    parts.push(part);
    return { createDatabase: (name: string) => latest!.createDatabase(name) };
  };

  const pglite = (name: string) => ({
    kind: 'pglite' as const,
    dataDir: join(dataDir, `${name}-db`),
    cacheDir: cfg.cacheDir,
    note: 'PGlite',
  });

  return {
    parts,
    backendFor: async (name) => {
      const inPglite = await access(join(dataDir, `${name}-db`)).then(
        () => true,
        () => false,
      );
      if (cfg.embeddedDb === 'pglite' || inPglite) return pglite(name);
      const c = await (cluster ??= startCluster());
      return c
        ? { kind: 'postgres', databaseUrl: await c.createDatabase(name), note: 'PostgreSQL, embedded' }
        : pglite(name);
    },
    stop: async () => {
      for (const p of parts) await p.stop();
    },
  };
}
