import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../src/devstack/processes';

// `npm start` itself, as a user runs it: start, answer, Ctrl-C (SIGINT to the whole process group,
// as a terminal sends it), start again on the same data directory and find what was stored.

let dir: string;
let env: NodeJS.ProcessEnv;
const EXTERNAL = ['CRM_SUPABASE_URL', 'MEDIAPOSTER_SUPABASE_URL', 'TEMPORAL_ADDRESS', 'SAFARI_API_URL', 'CRM_API_KEY'];
const HOURS = ['CRM_ACTIVE_HOURS_START', 'CRM_ACTIVE_HOURS_END', 'SIMULATOR_ACTIVE_HOURS'];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crm-npm-start-'));
  await chmod(dir, 0o755); // as root, the embedded PostgreSQL runs as `postgres`, which must reach its directory
  const names = [
    'CRM_SERVER_PORT',
    'TEMPORAL_PORT',
    'TEMPORAL_UI_PORT',
    'LOCAL_CRM_API_PORT',
    'LOCAL_MEDIAPOSTER_API_PORT',
    'SIMULATOR_PORT',
    'WORKER_METRICS_PORT',
  ];
  const ports = await Promise.all(names.map(() => freePort()));
  env = { ...process.env, CRM_DATA_DIR: dir, ...Object.fromEntries(names.map((n, i) => [n, String(ports[i])])) };
  for (const key of [...EXTERNAL, ...HOURS]) delete env[key];
});
const started: ChildProcess[] = [];
after(async () => {
  // A failed assertion must not leave a stack running: it would hold the ports and this process.
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<string>;
}

function npmStart(): Running {
  const child = spawn('npm', ['start'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
  );
  return { child, output: () => out, exited };
}

/** The stack is up when the API answers /health; bounded, failing with the stack's output. */
async function whenUp(run: Running): Promise<{ api: string; key: string }> {
  const api = `http://localhost:${env.CRM_SERVER_PORT}`;
  for (let i = 0; ; i++) {
    assert.ok(i < 1_200, `npm start did not answer within 1200 checks:\n${run.output().slice(-3_000)}`);
    assert.equal(run.child.exitCode, null, `npm start exited:\n${run.output().slice(-3_000)}`);
    const key = /Dev API key\s+(\S+)/.exec(run.output())?.[1];
    const health = key ? await fetch(`${api}/health`).catch(() => null) : null;
    if (key && health?.status === 200) return { api, key };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Ctrl-C: npm itself dies of the SIGINT (as in a terminal), so the stack's own account says how it
 * stopped: "[stack] stopped", and no part given up on as crashed.
 */
async function ctrlC(run: Running): Promise<void> {
  process.kill(-run.child.pid!, 'SIGINT');
  const timeout = new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60_000).unref());
  const how = await Promise.race([run.exited, timeout]);
  if (how === 'hung') process.kill(-run.child.pid!, 'SIGKILL');
  assert.notEqual(how, 'hung', `npm start did not stop within 60 s of Ctrl-C:\n${run.output().slice(-3_000)}`);
  assert.ok(['SIGINT', 'code 0'].includes(how), `npm start ended by ${how}`);
  for (let i = 0; !run.output().includes('[stack] stopped'); i++) {
    assert.ok(i < 100, `the stack did not say it stopped:\n${run.output().slice(-3_000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.doesNotMatch(run.output(), /times in a row/, 'no part was given up on');
}

/** The dashboard and both /metrics endpoints the stack prints answer (the worker's once it is up). */
async function whatItPrintsAnswers(run: Running, api: string, key: string): Promise<void> {
  assert.match(run.output(), new RegExp(`Dashboard\\s+${api}/app`));
  assert.match(
    run.output(),
    new RegExp(`Metrics\\s+${api}/metrics and http://localhost:${env.WORKER_METRICS_PORT}/metrics \\(worker\\)`),
  );
  assert.equal((await fetch(`${api}/app`)).status, 200);
  const apiMetrics = await fetch(`${api}/metrics`, { headers: { 'x-api-key': key } });
  assert.match(await apiMetrics.text(), /^crm_http_requests_total\{/m);
  for (let i = 0; ; i++) {
    const res = await fetch(`http://localhost:${env.WORKER_METRICS_PORT}/metrics`, {
      headers: { 'x-api-key': key },
    }).catch(() => null);
    const text = res?.status === 200 ? await res.text() : '';
    if (/^temporal_/m.test(text)) break; // the SDK's own metrics, in the worker's scrape
    assert.ok(i < 240, `the worker's /metrics did not show the SDK's metrics (last status ${res?.status})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The database users get: both data APIs over the embedded PostgreSQL, not a silent fall-back to PGlite. */
function onTheEmbeddedPostgres(run: Running): void {
  for (const label of ['CRM data API', 'MediaPoster data API']) {
    assert.match(
      run.output(),
      new RegExp(`${label}\\s+http\\S+/rest/v1\\s+\\(PostgreSQL, embedded\\)`),
      `${label} is not on the embedded PostgreSQL:\n${run.output().slice(-3_000)}`,
    );
  }
  assert.doesNotMatch(run.output(), /use PGlite|stays on PGlite/, 'no fall-back to PGlite');
}

describe('npm start', () => {
  it('starts, answers, stops on Ctrl-C, and starts again with the data kept', async () => {
    const first = npmStart();
    const { api, key } = await whenUp(first);
    onTheEmbeddedPostgres(first);
    const created = await fetch(`${api}/api/contacts`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'kept.after.ctrl.c' }),
    });
    const body = await created.text();
    assert.equal(created.status, 201, body);
    const { id } = (JSON.parse(body) as { contact: { id: string } }).contact;
    await whatItPrintsAnswers(first, api, key);
    // No real account and no hours set: DMs may go out at any hour, and the banner says so.
    assert.match(first.output(), /Active hours\s+always {2}\(the simulator: no real account; with SAFARI_API_URL/);
    assert.match(first.output(), /\[simulator\] .*active hours off/);
    await ctrlC(first);

    const second = npmStart();
    try {
      const again = await whenUp(second);
      onTheEmbeddedPostgres(second);
      assert.equal(again.key, key, 'the dev API key is kept in the data directory');
      const res = await fetch(`${api}/api/contacts/${id}`, { headers: { 'x-api-key': key } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { contact: { username: string } }).contact.username, 'kept.after.ctrl.c');
    } finally {
      await ctrlC(second);
    }
  });
});
