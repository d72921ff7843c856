import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../../src/adapters/logging/logger';
import { serveWorkerMetrics, startWorkerMetrics } from '../../../src/adapters/metrics/worker-endpoint';
import { TEST_API_KEY } from '../../helpers/api';
import { parseScrape } from '../../helpers/prometheus';

// The worker's GET /metrics on its own port: the key rule of /api/* (unless METRICS_PUBLIC), its
// process metrics followed by whatever the Temporal SDK's exporter answers, and a port already
// taken logged instead of stopping the worker. (test/integration/worker-metrics.test.ts runs the real worker.)

const SDK_TEXT =
  '# HELP temporal_num_pollers Current number of pollers\n# TYPE temporal_num_pollers gauge\ntemporal_num_pollers{poller_type="workflow_task"} 2\n';
let sdk: Server;
let sdkUrl: string;
const servers: { close: () => Promise<void> }[] = [];

before(async () => {
  sdk = createServer((_req, res) => res.end(SDK_TEXT));
  await new Promise<void>((r) => sdk.listen(0, '127.0.0.1', r));
  sdkUrl = `http://127.0.0.1:${(sdk.address() as AddressInfo).port}/metrics`;
});
after(async () => {
  for (const s of servers) await s.close();
  await new Promise((r) => sdk.close(r));
});

async function serve(o: { apiKey: string | null; sdkUrl: string | null }) {
  const served = await serveWorkerMetrics({ port: 0, ...o });
  servers.push(served);
  return (path: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${served.port}${path}`, { headers });
}

describe('worker metrics endpoint', () => {
  it('needs the API key, as /api/* does, and then shows the process and the SDK in one scrape', async () => {
    const get = await serve({ apiKey: TEST_API_KEY, sdkUrl });
    const refused: Record<string, string>[] = [
      {},
      { 'x-api-key': 'wrong-key-0123456789' },
      { authorization: 'Bearer nope' },
      { authorization: TEST_API_KEY },
    ];
    for (const headers of refused) {
      const res = await get('/metrics', headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'UNAUTHORIZED');
    }
    const accepted: Record<string, string>[] = [
      { 'x-api-key': TEST_API_KEY },
      { authorization: `Bearer ${TEST_API_KEY}` },
    ];
    for (const headers of accepted) {
      const res = await get('/metrics', headers);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const series = parseScrape(await res.text());
      assert.equal(series.get('crm_worker_sdk_metrics_up'), 1);
      assert.equal(series.get('temporal_num_pollers{poller_type="workflow_task"}'), 2);
      assert.ok(series.has('process_cpu_seconds_total'));
    }
    assert.equal((await get('/other', { 'x-api-key': TEST_API_KEY })).status, 404);
  });

  it('serves without a key when METRICS_PUBLIC, and says when the SDK did not answer', async () => {
    const get = await serve({ apiKey: null, sdkUrl: 'http://127.0.0.1:9/metrics' });
    const res = await get('/metrics');
    assert.equal(res.status, 200);
    const series = parseScrape(await res.text());
    assert.equal(series.get('crm_worker_sdk_metrics_up'), 0);
    assert.ok(![...series.keys()].some((k) => k.startsWith('temporal_')));
  });

  it('logs a port already taken instead of failing, and is off without a port', async () => {
    const lines: string[] = [];
    const log = createLogger(
      { level: 'info', name: 'crm-worker', format: 'json' },
      { write: (l: string) => void lines.push(l) },
    );
    const taken = (sdk.address() as AddressInfo).port;
    assert.equal(await startWorkerMetrics({ port: taken, apiKey: null, sdkAddress: null }, log), null);
    const record = JSON.parse(lines[0]!) as { level: number; msg: string; port: number };
    assert.deepEqual([record.level, record.port], [50, taken]);
    assert.match(record.msg, /could not serve the worker metrics/);
    assert.equal(await startWorkerMetrics({ port: null, apiKey: null, sdkAddress: null }, log), null);
    assert.equal(lines.length, 1);
  });
});
