import { join, resolve } from 'node:path';
import { inheritedEnv, loadSimulatorConfig, type Env, type StackConfig } from '../config';
import { loadOrCreateDevSecrets } from './dev-secrets';
import { embeddedDatabases } from './embedded-db';
import { startLocalSupabase, type DatabaseBackend } from './local-supabase';
import { isPortOpen, spawnManaged, waitUntilReady } from './processes';
import { supervise, type Supervised } from './supervisor';
import { startTemporalDevServer } from './temporal-dev-server';

/**
 * Starts the infrastructure the user did not point elsewhere, and returns the environment the
 * API and worker need to reach all of it, plus what to print and how to stop it.
 */

export interface StartedInfrastructure {
  env: Env;
  endpoints: { name: string; url: string; note?: string }[];
  /** Every child process kept running (restarted when it dies), by name. */
  parts: Supervised[];
  stop: () => Promise<void>;
}

type Log = (line: string) => void;

/** `onGiveUp`: a part that keeps dying (see supervisor.ts) is given up on; the caller stops the stack. */
export async function startInfrastructure(
  cfg: StackConfig,
  projectDir: string,
  log: Log,
  onGiveUp: (reason: string, crashed: boolean) => void = () => undefined,
): Promise<StartedInfrastructure> {
  const dataDir = resolve(projectDir, cfg.dataDir);
  const secrets = await loadOrCreateDevSecrets(dataDir);
  const stops: (() => Promise<void>)[] = [];
  // The local stack's webhook receivers (the demo's, a developer's) are on this machine: allowed here only.
  const env: Env = {
    CRM_API_KEY: secrets.apiKey,
    WEBHOOK_SECRET: secrets.webhookSecret,
    WEBHOOK_ALLOW_PRIVATE: 'true',
  };
  const endpoints: StartedInfrastructure['endpoints'] = [];
  const parts: Supervised[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };

  try {
    if (!cfg.external.temporal) {
      if (!cfg.temporalCliPath) throw new Error('TEMPORAL_CLI_PATH is not set (npm start provides it)');
      log('starting Temporal dev server...');
      const options = {
        cliPath: cfg.temporalCliPath,
        dbFile: join(dataDir, 'temporal.sqlite'),
        port: cfg.ports.temporal,
        uiPort: cfg.ports.temporalUi,
        namespace: 'default',
      };
      // Restarted on the same SQLite file and port: histories, timers and schedules carry on.
      const temporal = supervise({
        name: 'Temporal dev server',
        start: async () => (await startTemporalDevServer(options)).process,
        say: log,
        onGiveUp,
      });
      stops.push(temporal.stop);
      await temporal.ready;
      parts.push(temporal);
      const address = `127.0.0.1:${cfg.ports.temporal}`;
      const uiUrl = `http://localhost:${cfg.ports.temporalUi}`;
      Object.assign(env, { TEMPORAL_ADDRESS: address, TEMPORAL_UI_URL: uiUrl, TEMPORAL_NAMESPACE: 'default' });
      endpoints.push({ name: 'Temporal gRPC', url: address }, { name: 'Temporal Web UI', url: uiUrl });
    }

    const projects = [
      {
        name: 'crm',
        label: 'CRM data API',
        external: cfg.external.crmDb,
        databaseUrl: cfg.databaseUrls.crm,
        migrations: 'supabase/migrations',
        jwtSecret: secrets.crmJwtSecret,
        port: cfg.ports.crmApi,
        urlKey: 'CRM_SUPABASE_URL',
        keyKey: 'CRM_SUPABASE_KEY',
      },
      {
        name: 'mediaposter',
        label: 'MediaPoster data API',
        external: cfg.external.mediaPosterDb,
        databaseUrl: cfg.databaseUrls.mediaPoster,
        migrations: 'supabase/mediaposter/migrations',
        jwtSecret: secrets.mediaPosterJwtSecret,
        port: cfg.ports.mediaPosterApi,
        urlKey: 'MEDIAPOSTER_SUPABASE_URL',
        keyKey: 'MEDIAPOSTER_SUPABASE_KEY',
      },
    ];
    const embedded = embeddedDatabases(cfg, dataDir, log, onGiveUp);
    stops.push(embedded.stop); // stopped after the data APIs that use it (stops run in reverse)
    for (const p of projects.filter((project) => !project.external)) {
      log(`starting the ${p.label} (PostgREST)...`);
      const { note, ...backend }: DatabaseBackend & { note: string } = p.databaseUrl
        ? { kind: 'postgres', databaseUrl: p.databaseUrl, note: 'PostgreSQL' }
        : await embedded.backendFor(p.name);
      const api = await startLocalSupabase({
        name: p.name,
        backend,
        rolesFile: join(projectDir, 'supabase/roles.sql'),
        migrationsDir: join(projectDir, p.migrations),
        jwtSecret: p.jwtSecret,
        port: p.port,
        postgrestPath: cfg.postgrestPath,
        say: log,
        onGiveUp,
      });
      stops.push(api.stop);
      parts.push(...api.parts);
      Object.assign(env, { [p.urlKey]: api.url, [p.keyKey]: api.serviceRoleKey });
      endpoints.push({ name: p.label, url: `${api.url}/rest/v1`, note });
    }
    parts.push(...embedded.parts);

    if (!cfg.external.safari) {
      const sim = await startSimulator(projectDir, log, onGiveUp, cfg.simulatorHours.simulatorEnv);
      stops.push(sim.stop);
      parts.push(sim.part);
      Object.assign(env, { SAFARI_API_URL: sim.url }, cfg.simulatorHours.crmEnv);
      endpoints.push({ name: 'Safari simulator', url: sim.url, note: 'no real DMs are sent; control API at /__sim' });
    }
    return { env, endpoints, parts, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The simulator runs as its own process, as the real Safari server would, with its own log lines. */
async function startSimulator(
  projectDir: string,
  log: Log,
  onGiveUp: (reason: string, crashed: boolean) => void,
  extraEnv: Env,
) {
  const { simulator } = loadSimulatorConfig(inheritedEnv());
  log('starting the Safari simulator (SAFARI_API_URL is not set; no real DMs are sent)...');
  const start = async () => {
    const proc = spawnManaged({
      name: 'Safari simulator',
      command: process.execPath,
      args: ['--import', 'tsx', 'src/simulator/main.ts'],
      env: { ...inheritedEnv(), ...extraEnv },
      cwd: projectDir,
      onLine: (line) => log(`[simulator] ${line}`),
    });
    await waitUntilReady(proc, () => isPortOpen(simulator.port, simulator.hostname), 30_000);
    return proc;
  };
  const part = supervise({ name: 'Safari simulator', start, say: log, onGiveUp });
  await part.ready;
  return { url: `http://${simulator.hostname}:${simulator.port}`, part, stop: part.stop };
}
