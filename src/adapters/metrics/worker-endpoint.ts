import { createServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { keyAccepted } from '../auth/api-key';
import type { Logger } from '../logging/logger';

/**
 * The worker's GET /metrics: its own process metrics followed by the Temporal SDK's (task
 * latencies, slots, polls), which the SDK's native exporter serves on a loopback port of its own;
 * one scrape gets both. The business metrics are the API's: they are read from the database, and
 * showing them here too would count everything twice in a sum over both targets.
 */

export interface WorkerMetricsOptions {
  port: number;
  /** Where the SDK's exporter answers (http://127.0.0.1:<port>/metrics); null: not installed. */
  sdkUrl: string | null;
  /** The key /api/* takes (x-api-key or Bearer); null when METRICS_PUBLIC. */
  apiKey: string | null;
}

const SDK_TIMEOUT_MS = 2_000;

/** A loopback port nothing listens on now, for the SDK's exporter (it cannot report one it picked). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const headerOf = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

async function sdkText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(SDK_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

function answer(res: ServerResponse, status: number, body: string, headers: Record<string, string>) {
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), ...headers }).end(body);
}

const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message, requestId: null } });

export async function serveWorkerMetrics(
  o: WorkerMetricsOptions,
): Promise<{ port: number; close: () => Promise<void> }> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sdkUp = new Gauge({
    name: 'crm_worker_sdk_metrics_up',
    help: "Whether the Temporal SDK's own metrics answered for this scrape (they follow below when 1)",
    registers: [registry],
  });

  const render = async () => {
    const sdk = o.sdkUrl === null ? null : await sdkText(o.sdkUrl).catch(() => null);
    sdkUp.set(sdk === null ? 0 : 1);
    return `${await registry.metrics()}${sdk === null ? '' : `\n${sdk.trimEnd()}\n`}`;
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return answer(res, 404, errorBody('NOT_FOUND', 'Only GET /metrics is served here'), {
        'Content-Type': 'application/json',
      });
    }
    if (o.apiKey !== null && !keyAccepted((name) => headerOf(req.headers[name]), o.apiKey)) {
      return answer(
        res,
        401,
        errorBody('UNAUTHORIZED', 'A valid API key is required (x-api-key or Authorization: Bearer)'),
        { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="crm"' },
      );
    }
    render().then(
      (body) => answer(res, 200, body, { 'Content-Type': registry.contentType }),
      (err: Error) => answer(res, 500, errorBody('INTERNAL', err.message), { 'Content-Type': 'application/json' }),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(o.port, '0.0.0.0', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : o.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** WORKER_METRICS_PORT (null: off). A port already taken is logged, not fatal: the worker's work matters more. */
export async function startWorkerMetrics(
  o: { port: number | null; apiKey: string | null; sdkAddress: string | null },
  log: Logger,
) {
  if (o.port === null) return null;
  try {
    const served = await serveWorkerMetrics({
      port: o.port,
      sdkUrl: o.sdkAddress && `http://${o.sdkAddress}/metrics`,
      apiKey: o.apiKey,
    });
    log.info({ port: served.port }, 'worker metrics on /metrics');
    return served;
  } catch (err) {
    log.error(
      { port: o.port, err: (err as Error).message },
      'could not serve the worker metrics; the worker runs without them',
    );
    return null;
  }
}
