import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createSupabase } from './adapters/db/supabase';
import { createHttpSafariClient } from './adapters/safari/http-safari-client';
import { createActivityDeps } from './activity-deps';
import { createLogger, type Logger } from './adapters/logging/logger';
import { toTemporalLogger } from './adapters/logging/temporal-logger';
import { createActivities } from './activities';
import { loadConfig, loadConfigOrExit, type Config } from './config';
import { connectWorkerConnection, createTemporalClient } from './temporal/client';
import { ensureSyncSchedule } from './temporal/sync-schedule';
import { WORKFLOWS_PATH } from './temporal/workflows-path';

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
      log.warn({ address: config.temporal.address, err: (err as Error).message }, 'Temporal not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** SYNC_INTERVAL is applied on every start, so changing it and restarting is all it takes. */
async function applySyncSchedule(config: Config, log: Logger): Promise<void> {
  const { client, connection } = createTemporalClient(config.temporal);
  try {
    const outcome = await ensureSyncSchedule(client, {
      taskQueue: config.temporal.taskQueue,
      intervalMs: config.sync.intervalMs,
      input: {
        version: 1,
        accountId: config.server.accountId,
        scope: { kind: 'inbox', tab: 'all' },
        readThreads: true,
        batchSize: config.sync.batchSize,
        readLimit: config.sync.readLimit,
        batchesPerRun: config.sync.batchesPerRun,
        timing: config.timing,
      },
    });
    log.info({ intervalMs: config.sync.intervalMs, outcome }, 'sync schedule');
  } catch (err) {
    log.error({ err: (err as Error).message }, 'could not apply the sync schedule; periodic sync is not running');
  } finally {
    await connection.close();
  }
}

async function main() {
  const config = loadConfigOrExit(loadConfig);
  const log = createLogger({ level: config.log.level, name: 'crm-worker' });
  Runtime.install({ logger: toTemporalLogger(log.child({ component: 'temporal-sdk' })) });
  const connection = await connectWithRetry(config, log);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities(
      createActivityDeps({
        crmDb: createSupabase(config.crmDb),
        safari: createHttpSafariClient(config.safari),
        scoreWeights: config.scoring.weights,
      }),
    ),
    shutdownGraceTime: '10 seconds',
  });
  log.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker started');
  await applySyncSchedule(config, log);
  await worker.run();
  await connection.close();
  log.info('worker stopped');
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
