import { createLogger } from '../adapters/logging/logger';
import { loadConfig, loadConfigOrExit, type Config } from '../config';
import { createOriginalTables } from '../adapters/db/original-tables';
import { createSupabase } from '../adapters/db/supabase';
import type { Logger } from '../adapters/logging/logger';
import { createTemporalClient } from '../temporal/client';
import { createApiDeps } from './api-deps';
import { createApp } from './app';
import { serveApi } from './http-server';
import { createApiMetrics } from '../adapters/metrics/api-metrics';
import { createMetricsTotals } from '../adapters/metrics/totals';
import { pacingSamples } from './routes/metrics';

/** API composition root: config → clients → deps → app → HTTP server; stops cleanly on signals. */

const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = loadConfigOrExit(loadConfig);
  const log = createLogger({ level: config.log.level, name: 'crm-api', format: config.log.format });
  const { client, connection } = createTemporalClient(config.temporal);
  const deps = createApiDeps(config, client, log);
  // The default account follows config (CRM_ACCOUNT_ID, SAFARI_API_URL): queueing needs its row.
  await deps.accounts
    .ensure(config.server.accountId, config.safari.baseUrl)
    .catch((err: Error) => log.error({ err: err.message }, 'could not record the default account'));

  void offerOriginalImport(config, log);
  const metrics = createApiMetrics({
    // A client of its own: the shared one wakes the webhook dispatcher on every call it sees.
    totals: createMetricsTotals(createSupabase(config.crmDb)),
    pacing: () => pacingSamples(deps),
    processMetrics: true,
    onSourceError: (source, err) =>
      log.warn({ source, err: (err as Error).message }, 'a metrics source did not answer; its metrics are left out'),
  });
  const app = createApp(deps, { metrics, metricsPublic: config.metrics.public });
  const server = serveApi(app.fetch, { port: config.server.port, hostname: '0.0.0.0' }, (info) =>
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

/** The original crm-server's tables in the same project: say once how to bring their data over. */
async function offerOriginalImport(config: Config, log: Logger) {
  try {
    const original = createOriginalTables(createSupabase(config.crmDb));
    if (!(await original.present())) return;
    const n = await original.count();
    if (n > 0)
      log.info(
        { originalContacts: n },
        `found ${n} contacts of the original crm-server (instagram_contacts): npm run import:original copies them into this CRM, reading them only`,
      );
  } catch (err) {
    log.debug({ err: (err as Error).message }, 'could not look for the original crm-server tables');
  }
}

main().catch((err) => {
  process.stderr.write(`API failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
