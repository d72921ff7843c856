import { serve } from '@hono/node-server';
import { createContactRepository } from '../adapters/db/contact-repository';
import { createScoreRepository } from '../adapters/db/score-repository';
import { createSupabase } from '../adapters/db/supabase';
import { callbackProbe, supabaseProbe } from '../adapters/health/probes';
import { createHttpSafariClient } from '../adapters/safari/http-safari-client';
import { createLogger } from '../adapters/logging/logger';
import { loadConfig, loadConfigOrExit } from '../config';
import { createTemporalClient } from '../temporal/client';
import { createWorkflowGateway } from '../temporal/workflow-gateway';
import { senderTimingFromConfig } from '../temporal/workflow-inputs';
import { createApp } from './app';
import type { ApiDeps } from './env';

/** API composition root: config → clients → deps → app → HTTP server; stops cleanly on signals. */

const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = loadConfigOrExit(loadConfig);
  const log = createLogger({ level: config.log.level, name: 'crm-api' });
  const { client, connection } = createTemporalClient(config.temporal);
  const workflows = createWorkflowGateway(client, config.temporal.taskQueue);
  const crmDb = createSupabase(config.crmDb);
  const mediaPosterDb = createSupabase(config.mediaPosterDb);
  const safari = createHttpSafariClient(config.safari);

  const deps: ApiDeps = {
    config: {
      apiKey: config.server.apiKey,
      bodyLimitBytes: config.server.bodyLimitBytes,
      accountId: config.server.accountId,
      temporalUiUrl: config.temporal.uiUrl,
      temporalNamespace: config.temporal.namespace,
      scoreWeights: config.scoring.weights,
      sync: config.sync,
      timing: config.timing,
      senderTiming: senderTimingFromConfig(config),
      compatWaitMs: config.sync.compatWaitMs,
    },
    log,
    workflows,
    contacts: createContactRepository(crmDb),
    scores: createScoreRepository(crmDb),
    now: Date.now,
    probes: [
      callbackProbe('temporal', () => workflows.ping()),
      supabaseProbe('crm_database', crmDb, 'contacts'),
      supabaseProbe('mediaposter', mediaPosterDb, 'videos'),
      callbackProbe('safari', async () => {
        const health = await safari.health();
        if (!health.ok) throw new Error(`${health.code}: ${health.message}`);
      }),
    ],
  };

  const server = serve({ fetch: createApp(deps).fetch, port: config.server.port, hostname: '0.0.0.0' }, (info) =>
    log.info({ port: info.port }, 'API listening'),
  );

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      void connection.close().finally(() => {
        clearTimeout(force);
        process.exit(0);
      });
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`API failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
