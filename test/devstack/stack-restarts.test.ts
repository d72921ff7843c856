import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Connection, WorkflowClient } from '@temporalio/client';
import { loadStackConfig } from '../../src/config';
import { freePort } from '../../src/devstack/processes';
import { startInfrastructure, type StartedInfrastructure } from '../../src/devstack/stack';
import type { Supervised } from '../../src/devstack/supervisor';

// `npm start`'s infrastructure with its real children — the Temporal dev server, PostgREST, the
// embedded PostgreSQL, the Safari simulator — each killed with SIGKILL: it comes back on the same address with its data.

let dir: string;
let infra: StartedInfrastructure;
const said: string[] = [];
const gaveUp: string[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crm-stack-'));
  await chmod(dir, 0o755); // as root, the embedded PostgreSQL runs as `postgres`, which must reach its directory
  const [temporal, ui, crm, sim] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  process.env.SIMULATOR_PORT = String(sim); // the simulator's own config is read from the environment
  // Hours the runner's environment might set would hide the default this file checks.
  const HOURS = ['CRM_ACTIVE_HOURS_START', 'CRM_ACTIVE_HOURS_END', 'SIMULATOR_ACTIVE_HOURS'];
  const unset = Object.fromEntries(Object.entries(process.env).filter(([k]) => !HOURS.includes(k)));
  const cfg = loadStackConfig({
    ...unset,
    CRM_DATA_DIR: dir,
    TEMPORAL_PORT: String(temporal),
    TEMPORAL_UI_PORT: String(ui),
    LOCAL_CRM_API_PORT: String(crm),
    MEDIAPOSTER_SUPABASE_URL: 'http://127.0.0.1:9', // not needed here: left to "the user's"
  });
  infra = await startInfrastructure(
    cfg,
    process.cwd(),
    (l) => said.push(l),
    (r) => gaveUp.push(r),
  );
});
after(async () => {
  await infra?.stop();
  await rm(dir, { recursive: true, force: true });
});

const part = (name: string): Supervised => {
  const found = infra.parts.find((p) => p.name === name);
  assert.ok(found, `a part named ${name} among ${infra.parts.map((p) => p.name).join(', ')}`);
  return found;
};

/** SIGKILLs the part's process and waits (bounded) for its replacement to be up. */
async function killAndAwaitRestart(p: Supervised): Promise<void> {
  const before = p.starts();
  const old = p.current().child;
  old.kill('SIGKILL');
  for (let i = 0; !(p.starts() > before && p.current().child !== old && p.current().child.exitCode === null); i++) {
    assert.ok(i < 600, `${p.name} was not restarted within 600 checks; said: ${said.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await p.ready;
}

async function dataApi(path: string, init: RequestInit = {}) {
  const key = infra.env.CRM_SUPABASE_KEY!;
  return fetch(`${infra.env.CRM_SUPABASE_URL}/rest/v1/${path}`, {
    ...init,
    headers: { apikey: key, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
}

describe('npm start keeps its infrastructure running', () => {
  it('lets its worker and API post webhooks to this machine (off everywhere else)', () => {
    assert.equal(infra.env.WEBHOOK_ALLOW_PRIVATE, 'true');
  });

  it('under its simulator, with no hours set, lets DMs go out at any hour: the CRM and the simulator alike', async () => {
    assert.deepEqual([infra.env.CRM_ACTIVE_HOURS_START, infra.env.CRM_ACTIVE_HOURS_END], ['0', '24']);
    const limits = (await (await fetch(`${infra.env.SAFARI_API_URL}/api/rate-limits`)).json()) as {
      activeHours: { start: number; end: number; isActive: boolean };
    };
    assert.deepEqual(
      [limits.activeHours.start, limits.activeHours.end, limits.activeHours.isActive],
      [0, 24, true],
      'the simulator runs with SIMULATOR_ACTIVE_HOURS=off',
    );
  });

  it('a killed PostgREST comes back on the same URL, serving what was stored before', async () => {
    const created = await dataApi('contacts', {
      method: 'POST',
      body: JSON.stringify({ account_id: 'default', username: 'kept.through.restart' }),
    });
    assert.equal(created.status, 201);
    await killAndAwaitRestart(part('PostgREST (crm)'));
    for (let i = 0; ; i++) {
      const res = await dataApi('contacts?username=eq.kept.through.restart&select=username').catch(() => null);
      if (res?.status === 200) {
        assert.deepEqual(await res.json(), [{ username: 'kept.through.restart' }]);
        break;
      }
      assert.ok(i < 100, `the data API did not answer after the restart (last status ${res?.status})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('a killed embedded PostgreSQL comes back, and the data API serves what it had', async () => {
    assert.match(infra.endpoints.find((e) => e.name === 'CRM data API')?.note ?? '', /PostgreSQL, embedded/);
    await killAndAwaitRestart(part('PostgreSQL'));
    for (let i = 0; ; i++) {
      const res = await dataApi('contacts?username=eq.kept.through.restart&select=username').catch(() => null);
      const rows = res?.status === 200 ? ((await res.json()) as unknown[]) : null;
      if (rows?.length === 1) break;
      assert.ok(
        i < 100,
        `the data API did not serve the contact after PostgreSQL's restart (last status ${res?.status})`,
      );
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('a killed Temporal dev server comes back with the workflows it had', async () => {
    const connection = await Connection.connect({ address: infra.env.TEMPORAL_ADDRESS! });
    const client = new WorkflowClient({ connection });
    // No worker polls this queue: the run stays open, as work in flight would.
    await client.start('noSuchWorkflow', { taskQueue: 'nobody-polls', workflowId: 'kept-through-restart' });
    await connection.close();
    await killAndAwaitRestart(part('Temporal dev server'));
    const again = await Connection.connect({ address: infra.env.TEMPORAL_ADDRESS! });
    try {
      const described = await new WorkflowClient({ connection: again }).getHandle('kept-through-restart').describe();
      assert.equal(described.status.name, 'RUNNING');
    } finally {
      await again.close();
    }
  });

  it('a killed Safari simulator comes back on the same URL', async () => {
    await killAndAwaitRestart(part('Safari simulator'));
    const res = await fetch(`${infra.env.SAFARI_API_URL}/api/status`);
    assert.equal(res.status, 200);
    const restarts = said.filter((l) => /killed by SIGKILL; restarting it/.test(l));
    assert.deepEqual(
      restarts.map((l) => l.split(' killed')[0]),
      ['PostgREST (crm)', 'PostgreSQL', 'Temporal dev server', 'Safari simulator'],
    );
    assert.deepEqual(gaveUp, []);
  });
});
