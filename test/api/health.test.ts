import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createSupabase } from '../../src/adapters/db/supabase';
import { callbackProbe, supabaseProbe } from '../../src/adapters/health/probes';
import { createApp } from '../../src/api/app';
import { createWorkflowGateway } from '../../src/temporal/workflow-gateway';
import { makeApiDeps } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

type Health = {
  status: string;
  down: string[];
  checks: Record<string, { ok: boolean; error?: string }>;
  services: Record<string, string>;
};

// /health against real dependencies: a real Temporal server, two real data APIs and the Safari
// simulator over HTTP, which are then stopped one by one.
describe('GET /health', () => {
  let temporal: TestWorkflowEnvironment;
  let crm: TestSupabase;
  let mediaPoster: TestSupabase;
  let app: ReturnType<typeof createApp>;
  let safari: Awaited<ReturnType<typeof startSimulator>>;

  before(async () => {
    [temporal, crm, mediaPoster, safari] = await Promise.all([
      startTestTemporal(),
      startTestSupabase('pglite', 'crm'),
      startTestSupabase('pglite', 'mediaposter'),
      startSimulator(),
    ]);
    const workflows = createWorkflowGateway(temporal.client, 'unused');
    const safariClient = clientFor(safari.url);
    app = createApp(
      makeApiDeps({
        probes: [
          callbackProbe('temporal', () => workflows.ping()),
          supabaseProbe('crm_database', createSupabase({ url: crm.url, key: crm.serviceRoleKey }), 'contacts'),
          supabaseProbe(
            'mediaposter',
            createSupabase({ url: mediaPoster.url, key: mediaPoster.serviceRoleKey }),
            'videos',
          ),
          callbackProbe('safari', async () => {
            const health = await safariClient.health();
            if (!health.ok) throw new Error(`${health.code}: ${health.message}`);
          }),
        ],
      }),
    );
  });
  let stopped: string[] = [];
  after(async () => {
    await Promise.all([
      stopped.includes('temporal') ? undefined : temporal?.teardown(),
      crm?.stop(),
      stopped.includes('mediaposter') ? undefined : mediaPoster?.stop(),
      stopped.includes('safari') ? undefined : safari?.close(),
    ]);
  });

  it('answers 200 when every dependency answers', async () => {
    const res = await app.request('/health');
    const body = (await res.json()) as Health;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.down, []);
    assert.deepEqual(Object.keys(body.checks).sort(), ['crm_database', 'mediaposter', 'safari', 'temporal']);
  });

  it('answers 503 naming the data API that was stopped, and only that one', async () => {
    await mediaPoster.stop();
    stopped = [...stopped, 'mediaposter'];
    const res = await app.request('/health');
    const body = (await res.json()) as Health;
    assert.equal(res.status, 503);
    assert.equal(body.status, 'degraded');
    assert.deepEqual(body.down, ['mediaposter']);
    assert.equal(body.services.mediaposter, 'unavailable');
    assert.equal(body.services.crm_database, 'connected');
    assert.ok(body.checks.mediaposter?.error);
  });

  it('names the Safari server once it stops answering', async () => {
    await safari.close();
    stopped = [...stopped, 'safari'];
    const body = (await (await app.request('/health')).json()) as Health;
    assert.deepEqual(body.down.sort(), ['mediaposter', 'safari']);
    assert.match(body.checks.safari?.error ?? '', /SERVER_ERROR|OUTCOME_UNKNOWN/);
  });

  it('reports Temporal down once its server stops', async () => {
    await temporal.teardown();
    stopped = [...stopped, 'temporal'];
    const body = (await (await app.request('/health')).json()) as Health;
    assert.ok(body.down.includes('temporal'), JSON.stringify(body.down));
  });
});
