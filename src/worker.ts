import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createContactRepository } from './adapters/db/contact-repository';
import { createSupabase } from './adapters/db/supabase';
import { createLogger, type Logger } from './adapters/logging/logger';
import { toTemporalLogger } from './adapters/logging/temporal-logger';
import { createActivities, type ActivityDeps } from './activities';
import { loadConfig, loadConfigOrExit, type Config } from './config';
import { connectWorkerConnection } from './temporal/client';
import { WORKFLOWS_PATH } from './temporal/workflows-path';

/**
 * Worker composition root: config → adapters → activities → Worker. The Worker itself stops
 * gracefully on SIGINT/SIGTERM (finishing running activities within shutdownGraceTime).
 */

function buildActivityDeps(config: Config): ActivityDeps {
  const crmDb = createSupabase(config.crmDb);
  return { contacts: createContactRepository(crmDb) };
}

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
    activities: createActivities(buildActivityDeps(config)),
    shutdownGraceTime: '10 seconds',
  });
  log.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker started');
  await worker.run();
  await connection.close();
  log.info('worker stopped');
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
