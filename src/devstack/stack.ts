import { join, resolve } from 'node:path';
import { inheritedEnv, loadSimulatorConfig, type Env, type StackConfig } from '../config';
import { loadOrCreateDevSecrets } from './dev-secrets';
import { startLocalSupabase, type DatabaseBackend } from './local-supabase';
import { isPortOpen, spawnManaged, waitUntilReady } from './processes';
import { startTemporalDevServer } from './temporal-dev-server';

/**
 * Starts the infrastructure the user did not point elsewhere, and returns the environment the
 * API and worker need to reach all of it, plus what to print and how to stop it.
 */

export interface StartedInfrastructure {
  env: Env;
  endpoints: { name: string; url: string; note?: string }[];
  stop: () => Promise<void>;
}

type Log = (line: string) => void;

export async function startInfrastructure(cfg: StackConfig, projectDir: string, log: Log): Promise<StartedInfrastructure> {
  const dataDir = resolve(projectDir, cfg.dataDir);
  const secrets = await loadOrCreateDevSecrets(dataDir);
  const stops: (() => Promise<void>)[] = [];
  const env: Env = { CRM_API_KEY: secrets.apiKey, WEBHOOK_SECRET: secrets.webhookSecret };
  const endpoints: StartedInfrastructure['endpoints'] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };

  try {
    if (!cfg.external.temporal) {
      if (!cfg.temporalCliPath) throw new Error('TEMPORAL_CLI_PATH is not set (npm start provides it)');
      log('starting Temporal dev server...');
      const temporal = await startTemporalDevServer({
        cliPath: cfg.temporalCliPath,
        dbFile: join(dataDir, 'temporal.sqlite'),
        port: cfg.ports.temporal,
        uiPort: cfg.ports.temporalUi,
        namespace: 'default',
      });
      stops.push(temporal.stop);
      Object.assign(env, { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_UI_URL: temporal.uiUrl, TEMPORAL_NAMESPACE: 'default' });
      endpoints.push({ name: 'Temporal gRPC', url: temporal.address }, { name: 'Temporal Web UI', url: temporal.uiUrl });
    }

    const backendFor = (name: string, url: string | undefined): DatabaseBackend =>
      url ? { kind: 'postgres', databaseUrl: url } : { kind: 'pglite', dataDir: join(dataDir, `${name}-db`), cacheDir: cfg.cacheDir };

    if (!cfg.external.crmDb) {
      log('starting the CRM data API (PostgREST)...');
      const crm = await startLocalSupabase({
        name: 'crm',
        backend: backendFor('crm', cfg.databaseUrls.crm),
        rolesFile: join(projectDir, 'supabase/roles.sql'),
        migrationsDir: join(projectDir, 'supabase/migrations'),
        jwtSecret: secrets.crmJwtSecret,
        port: cfg.ports.crmApi,
      });
      stops.push(crm.stop);
      Object.assign(env, { CRM_SUPABASE_URL: crm.url, CRM_SUPABASE_KEY: crm.serviceRoleKey });
      endpoints.push({ name: 'CRM data API', url: `${crm.url}/rest/v1`, note: cfg.databaseUrls.crm ? 'PostgreSQL' : 'PGlite' });
    }

    if (!cfg.external.mediaPosterDb) {
      log('starting the MediaPoster fixture data API (PostgREST)...');
      const mp = await startLocalSupabase({
        name: 'mediaposter',
        backend: backendFor('mediaposter', cfg.databaseUrls.mediaPoster),
        rolesFile: join(projectDir, 'supabase/roles.sql'),
        migrationsDir: join(projectDir, 'supabase/mediaposter/migrations'),
        jwtSecret: secrets.mediaPosterJwtSecret,
        port: cfg.ports.mediaPosterApi,
      });
      stops.push(mp.stop);
      Object.assign(env, { MEDIAPOSTER_SUPABASE_URL: mp.url, MEDIAPOSTER_SUPABASE_KEY: mp.serviceRoleKey });
      endpoints.push({ name: 'MediaPoster data API', url: `${mp.url}/rest/v1`, note: 'fixture data' });
    }
    if (!cfg.external.safari) {
      const sim = await startSimulator(projectDir, log);
      stops.push(sim.stop);
      env.SAFARI_API_URL = sim.url;
      endpoints.push({ name: 'Safari simulator', url: sim.url, note: 'no real DMs are sent; control API at /__sim' });
    }
    return { env, endpoints, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The simulator runs as its own process, as the real Safari server would, with its own log lines. */
async function startSimulator(projectDir: string, log: Log) {
  const { simulator } = loadSimulatorConfig(inheritedEnv());
  log('starting the Safari simulator (SAFARI_API_URL is not set; no real DMs are sent)...');
  const proc = spawnManaged({
    name: 'Safari simulator',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/simulator/main.ts'],
    env: inheritedEnv(),
    cwd: projectDir,
    onLine: (line) => log(`[simulator] ${line}`),
  });
  await waitUntilReady(proc, () => isPortOpen(simulator.port, simulator.hostname), 30_000);
  return { url: `http://${simulator.hostname}:${simulator.port}`, stop: proc.stop };
}
