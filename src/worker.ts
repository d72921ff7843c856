import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createSupabase } from './adapters/db/supabase';
import { createSafariClients } from './adapters/safari/safari-clients';
import { createActivityDeps } from './activity-deps';
import { createLogger, type Logger } from './adapters/logging/logger';
import { toTemporalLogger } from './adapters/logging/temporal-logger';
import { createActivities } from './activities';
import { loadConfig, loadConfigOrExit, type Config } from './config';
import { connectWorkerConnection, createTemporalClient } from './temporal/client';
import { outreachSettingsFromConfig, webhookInputs, webhookSettingsFromConfig } from './temporal/workflow-inputs';
import { createWorkflowGateway } from './temporal/workflow-gateway';
import { webhookDispatcherContract } from './contracts/catalogue';
import { outboxChangedSignal } from './contracts/webhooks';
import { dispatcherWaker } from './temporal/webhook-delivery';
import { pokingFetch } from './adapters/webhooks/outbox-waker';
import { applySchedules } from './temporal/worker-schedules';
import { freeLoopbackPort, startWorkerMetrics } from './adapters/metrics/worker-endpoint';

/**
 * Worker composition root: config → adapters → activities → Worker. The Worker itself stops
 * gracefully on SIGINT/SIGTERM (finishing running activities within shutdownGraceTime).
 */

/** The stack may start the worker a moment before Temporal answers; wait rather than crash. */
async function connectWithRetry(config: Config, log: Logger): Promise<NativeConnection> {
  const deadline = Date.now() + 120_000;
  for (let delay = 500; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await connectWorkerConnection(config.temporal);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      log.warn(
        { address: config.temporal.address, err: (err as Error).message },
        'Temporal not reachable yet; retrying',
      );
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * The real adapters, once per process; Safari clients are kept per server URL and key and share the
 * host lock. Every write through the CRM client wakes the webhook dispatcher (see outbox-waker.ts).
 */
function activityDeps(config: Config, client: Client, log: Logger) {
  const workflows = createWorkflowGateway(client, config.temporal.taskQueue, config.temporal.timeoutMs);
  const webhookInput = webhookInputs(config);
  const waker = dispatcherWaker(workflows, webhookInput.dispatcher, (err) =>
    log.debug({ err: (err as Error).message }, 'could not wake the webhook dispatcher'),
  );
  const safariFor = createSafariClients(config.safari);
  return createActivityDeps({
    crmDb: createSupabase(config.crmDb, pokingFetch(waker.poke)),
    webhookDb: createSupabase(config.crmDb),
    webhooks: webhookSettingsFromConfig(config),
    mediaPosterDb: config.mediaPosterDb ? createSupabase(config.mediaPosterDb) : undefined,
    safari: safariFor(config.safari.baseUrl),
    safariUrl: config.safari.baseUrl,
    safariFor,
    workflows,
    outreach: outreachSettingsFromConfig(config),
    scoreWeights: config.scoring.weights,
  });
}

/** The workflow bundle, built by a short-lived child process (see temporal/bundle-workflows.ts). */
async function buildWorkflowBundle(): Promise<{ codePath: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'crm-workflows-'));
  const codePath = join(dir, 'workflows.js');
  const script = fileURLToPath(new URL('./temporal/bundle-workflows.ts', import.meta.url));
  await promisify(execFile)(process.execPath, ['--import', 'tsx', script, codePath], { maxBuffer: 16 * 1024 * 1024 });
  return { codePath, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function main() {
  const config = loadConfigOrExit(loadConfig);
  const log = createLogger({ level: config.log.level, name: 'crm-worker', format: config.log.format });
  // The SDK's worker metrics are exported on a loopback port and appended to our /metrics (see worker-endpoint.ts).
  const sdkMetrics = config.metrics.workerPort === null ? null : `127.0.0.1:${await freeLoopbackPort()}`;
  Runtime.install({
    logger: toTemporalLogger(log.child({ component: 'temporal-sdk' })),
    // The native core's own lines go through the same structured logger instead of raw stdout.
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} },
      ...(sdkMetrics ? { metrics: { prometheus: { bindAddress: sdkMetrics } } } : {}),
    },
  });
  const metrics = await startWorkerMetrics(
    {
      port: config.metrics.workerPort,
      apiKey: config.metrics.public ? null : config.server.apiKey,
      sdkAddress: sdkMetrics,
    },
    log,
  );
  const connection = await connectWithRetry(config, log);
  const { client, connection: clientConnection } = createTemporalClient(config.temporal);
  const deps = activityDeps(config, client, log);
  // The default account follows config (CRM_ACCOUNT_ID, SAFARI_API_URL); the sender needs its row.
  await deps.accounts
    .ensure(config.server.accountId, config.safari.baseUrl)
    .catch((err: Error) => log.error({ err: err.message }, 'could not record the default account'));
  const bundle = await buildWorkflowBundle();
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { codePath: bundle.codePath },
    activities: createActivities(deps),
    shutdownGraceTime: '10 seconds',
  });
  await bundle.remove(); // read once, at Worker.create
  log.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker started');
  // Every account with a row gets its reply watch; without the database, the default account alone.
  const accounts = await deps.accounts.list().then(
    (all) => all.map((a) => a.id),
    () => [config.server.accountId],
  );
  await applySchedules(config, client, log, accounts);
  // Deliveries owed from before a restart go out now, not at the first new event.
  await createWorkflowGateway(client, config.temporal.taskQueue, config.temporal.timeoutMs)
    .signalWithStart(webhookDispatcherContract, webhookInputs(config).dispatcher, outboxChangedSignal, {
      reason: 'worker started',
    })
    .catch((err: Error) => log.error({ err: err.message }, 'could not start the webhook dispatcher'));
  await worker.run();
  await metrics?.close();
  await clientConnection.close();
  await connection.close();
  log.info('worker stopped');
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
