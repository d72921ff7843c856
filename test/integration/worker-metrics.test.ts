import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { freeLoopbackPort } from '../../src/adapters/metrics/worker-endpoint';
import { parseScrape } from '../helpers/prometheus';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import { startTestTemporal, uniqueTaskQueue } from '../helpers/temporal';
import { workerEnv, workerProcess, type WorkerProcess } from '../helpers/worker-process';

// The real worker process (src/worker.ts) with WORKER_METRICS_PORT: one scrape of its /metrics has
// its own process metrics and the Temporal SDK's worker metrics (the SDK's exporter, on a loopback
// port of its own), behind the API key; each metric is described once.

const KEY = 'crash-test-api-key-0123456789'; // what workerEnv gives CRM_API_KEY
let env: TestWorkflowEnvironment;
let sb: TestSupabase;
let worker: WorkerProcess;
let url: string;

before(async () => {
  [env, sb] = await Promise.all([startTestTemporal(), startTestSupabase('pglite')]);
  const port = await freeLoopbackPort();
  url = `http://127.0.0.1:${port}/metrics`;
  worker = workerProcess(
    workerEnv({
      temporalAddress: env.address,
      taskQueue: uniqueTaskQueue('worker-metrics'),
      crmDb: { url: sb.url, key: sb.serviceRoleKey },
      safariUrl: 'http://127.0.0.1:9',
      accountId: 'metrics',
      env: { WORKER_METRICS_PORT: String(port) },
    }),
  );
  worker.start();
});
after(async () => {
  await worker?.kill();
  await sb?.stop();
  await env?.teardown();
});

/** Scrapes until the SDK's worker metrics show (the worker has started polling), bounded. */
async function scrapeWithSdk(): Promise<string> {
  const deadline = Date.now() + 90_000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    worker.assertAlive();
    const res = await fetch(url, { headers: { 'x-api-key': KEY } }).catch(() => null);
    const text = res ? await res.text() : '';
    if (res?.status === 200 && /^temporal_num_pollers/m.test(text)) return text;
    last = res ? `${res.status}: ${text.slice(0, 300)}` : 'connection refused';
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the worker's /metrics never showed the SDK's worker metrics; last: ${last}\n${worker.output()}`);
}

it("serves the worker's process metrics and the Temporal SDK's in one scrape, behind the API key", async () => {
  const text = await scrapeWithSdk();
  const series = parseScrape(text);
  assert.equal(series.get('crm_worker_sdk_metrics_up'), 1);
  assert.ok(series.has('process_cpu_seconds_total'), 'its own process');
  const sdk = [...series.keys()].filter((k) => k.startsWith('temporal_'));
  assert.ok(
    sdk.some((k) => k.startsWith('temporal_num_pollers{')),
    `the SDK's slots and pollers: ${sdk.slice(0, 10).join(', ')}`,
  );
  const types = text
    .split('\n')
    .filter((l) => l.startsWith('# TYPE '))
    .map((l) => l.split(' ')[2]);
  assert.deepEqual(
    types.filter((t, i) => types.indexOf(t) !== i),
    [],
    'each metric described once across both parts',
  );

  assert.equal((await fetch(url)).status, 401, 'no key');
  assert.equal((await fetch(url, { headers: { authorization: 'Bearer not-the-key' } })).status, 401, 'a wrong key');
  assert.equal(
    (await fetch(url, { headers: { authorization: `Bearer ${KEY}` } })).status,
    200,
    'the key as a bearer token',
  );
});
