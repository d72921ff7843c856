import { locatePostgrest, machineSources } from './postgrest-binary';
import { freePort, spawnManaged, waitUntilReady, type ManagedProcess } from './processes';

/**
 * The real PostgREST 12 binary (found as postgrest-binary.ts says), configured the way Supabase runs it:
 * schema `public`, anon as the role for key-less requests, HS256 JWTs naming the role.
 */

export interface PostgrestOptions {
  dbUri: string;
  jwtSecret: string;
  /** PGlite serves one query at a time: a pool of 1–2 avoids queueing inside PostgREST. */
  pool: number;
  /** Supabase's default page cap; clients must page, as they must against a real project. */
  maxRows?: number;
  /** Off for PGlite: its socket server multiplexes connections onto one session, where names collide. */
  preparedStatements?: boolean;
  onLine?: (line: string) => void;
  /** POSTGREST_PATH, when set. */
  binaryPath?: string;
  /** A restart comes back on the port the gateway already points at; a free one otherwise. */
  port?: number;
}

export interface RunningPostgrest {
  url: string;
  process: ManagedProcess;
  stop: () => Promise<void>;
}

export async function startPostgrest(opts: PostgrestOptions): Promise<RunningPostgrest> {
  const port = opts.port ?? (await freePort());
  const proc = spawnManaged({
    name: 'PostgREST',
    command: locatePostgrest(machineSources(opts.binaryPath)),
    env: {
      PGRST_DB_URI: opts.dbUri,
      PGRST_DB_SCHEMAS: 'public',
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_JWT_SECRET: opts.jwtSecret,
      PGRST_DB_POOL: String(opts.pool),
      // LISTEN/NOTIFY needs a dedicated connection PGlite cannot spare; migrations run before start.
      PGRST_DB_CHANNEL_ENABLED: 'false',
      PGRST_DB_CONFIG: 'false', // settings come from here, not from in-database config
      PGRST_DB_PREPARED_STATEMENTS: String(opts.preparedStatements ?? true),
      PGRST_DB_MAX_ROWS: String(opts.maxRows ?? 1000),
      PGRST_SERVER_HOST: '127.0.0.1',
      PGRST_SERVER_PORT: String(port),
      PGRST_LOG_LEVEL: 'warn',
    },
    onLine: opts.onLine,
  });
  const url = `http://127.0.0.1:${port}`;
  // 503 (PGRST002) means "schema cache not loaded yet"; any other answer means it is serving.
  await waitUntilReady(proc, async () => (await fetch(url)).status !== 503, 60_000);
  return { url, process: proc, stop: () => proc.stop() };
}
