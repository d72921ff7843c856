import { z } from 'zod';
import { optionalString } from './fields';
import { analyticsEnv, buildAnalytics } from './sections/analytics';
import { buildData, checkData, crmDbDeadlines, dataEnv } from './sections/data';
import { buildDataApi, dataApiEnv } from './sections/data-api';
import { buildSafari, safariEnv } from './sections/safari';
import { buildOutreach, checkOutreach, outreachEnv } from './sections/outreach';
import { buildObservability, observabilityEnv } from './sections/observability';
import { buildScoring, checkScoring, scoringEnv } from './sections/scoring';
import { buildServer, serverEnv } from './sections/server';
import { buildStack, stackEnv } from './sections/stack';
import { buildSync, syncEnv } from './sections/sync';
import { buildSimulator, simulatorEnv } from './sections/simulator';
import { buildTemporal, checkTemporal, temporalEnv } from './sections/temporal';
import { buildVideoOutreach, videoOutreachEnv } from './sections/video-outreach';
import { buildWebhooks, webhookEnv } from './sections/webhooks';

/**
 * The only module that reads the environment. `loadConfig(env)` is pure so tests pass plain objects;
 * it throws ConfigError naming every bad key at once, before any connection is opened.
 */

export type Env = Record<string, string | undefined>;
export interface ConfigIssue {
  key: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.key}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const appEnv = z.object({
  ...serverEnv,
  ...temporalEnv,
  ...dataEnv,
  ...safariEnv,
  ...scoringEnv,
  ...syncEnv,
  ...outreachEnv,
  ...webhookEnv,
  ...videoOutreachEnv,
  ...observabilityEnv,
  ...analyticsEnv,
});

export function loadConfig(env: Env) {
  const e = parseEnv(appEnv, env);
  const crossIssues = [...checkData(e), ...checkTemporal(e), ...checkScoring(e), ...checkOutreach(e)];
  if (crossIssues.length) throw new ConfigError(crossIssues);
  const safari = buildSafari(e);
  const sync = buildSync(e);
  const server = buildServer(e);
  const { metrics, logFormat } = buildObservability(e);
  return {
    ...server,
    log: { ...server.log, format: logFormat },
    metrics,
    ...buildTemporal(e),
    ...buildData(e),
    ...safari,
    ...buildScoring(e),
    ...sync,
    // Every workflow that drives Safari keeps the host quiet after an unanswered call, as the client does.
    timing: { ...sync.timing, safariQuietMs: safari.safari.holdAfterNoAnswerMs },
    ...buildOutreach(e),
    ...buildWebhooks(e),
    ...buildVideoOutreach(e),
    ...buildAnalytics(e),
  };
}

export type Config = ReturnType<typeof loadConfig>;

export function parseEnv<S extends z.ZodObject>(schema: S, env: Env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    key: String(i.path[0] ?? '(env)'),
    message: i.code === 'invalid_type' && env[String(i.path[0])] === undefined ? 'is required' : i.message,
  }));
  throw new ConfigError(issues);
}

const stackEnvSchema = z.object(stackEnv);

/** The local stack launcher's own settings (see sections/stack.ts). */
export function loadStackConfig(env: Env) {
  return buildStack(parseEnv(stackEnvSchema, env), env);
}

export type StackConfig = ReturnType<typeof loadStackConfig>;

/** The environment child processes inherit: the launcher adds the values it computed. */
export function inheritedEnv(): Env {
  return { ...process.env };
}

/** Entry points call this: print every bad key and stop, instead of failing later mid-request. */
export function loadConfigOrExit<T>(load: (env: Env) => T, env: Env = process.env): T {
  try {
    return load(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\nSee .env.example for every key.\n`);
    process.exit(1);
  }
}

/** The Safari simulator's own settings; it needs none of the CRM's keys. */
export function loadSimulatorConfig(env: Env) {
  return buildSimulator(parseEnv(z.object(simulatorEnv), env));
}

/** One project's data API run as a service (docker-compose). */
export function loadDataApiConfig(env: Env) {
  return buildDataApi(parseEnv(z.object(dataApiEnv), env));
}

/** `npm run demo:video-posted`: where the running stack listens, and the secret MediaPoster signs with (default: the one npm start made). */
const demoEnv = {
  CRM_DATA_DIR: stackEnv.CRM_DATA_DIR,
  CRM_SERVER_PORT: serverEnv.CRM_SERVER_PORT,
  TEMPORAL_UI_URL: temporalEnv.TEMPORAL_UI_URL,
  TEMPORAL_NAMESPACE: temporalEnv.TEMPORAL_NAMESPACE,
  WEBHOOK_SECRET: optionalString(),
  CRM_API_KEY: optionalString(),
};

export function loadDemoConfig(env: Env) {
  const e = parseEnv(z.object(demoEnv), env);
  return {
    dataDir: e.CRM_DATA_DIR,
    apiUrl: `http://127.0.0.1:${e.CRM_SERVER_PORT}`,
    temporalUiUrl: e.TEMPORAL_UI_URL,
    namespace: e.TEMPORAL_NAMESPACE,
    webhookSecret: e.WEBHOOK_SECRET ?? null,
    apiKey: e.CRM_API_KEY ?? null,
    // A first run's sync at the simulator's real pace takes minutes (README), a DM's send-to about 30 s.
    waits: { pollMs: 1_000, syncMs: 15 * 60_000, summaryMs: 60_000, firstSendMs: 5 * 60_000 },
  };
}

/** `npm run import:original`: the CRM's data API (where the original tables live too), the account, the score weights. */
const importEnv = {
  CRM_SUPABASE_URL: dataEnv.CRM_SUPABASE_URL,
  CRM_SUPABASE_KEY: dataEnv.CRM_SUPABASE_KEY,
  CRM_DB_TIMEOUT_MS: dataEnv.CRM_DB_TIMEOUT_MS,
  CRM_DB_WRITE_TIMEOUT_MS: dataEnv.CRM_DB_WRITE_TIMEOUT_MS,
  CRM_ACCOUNT_ID: serverEnv.CRM_ACCOUNT_ID,
  ...scoringEnv,
};

export function loadImportConfig(env: Env) {
  const e = parseEnv(z.object(importEnv), env);
  const issues = checkScoring(e);
  if (issues.length) throw new ConfigError(issues);
  return {
    crmDb: { url: e.CRM_SUPABASE_URL, key: e.CRM_SUPABASE_KEY, deadlines: crmDbDeadlines(e) },
    accountId: e.CRM_ACCOUNT_ID,
    ...buildScoring(e),
  };
}

/**
 * Variables docker-compose.yml itself reads from `.env` to fill in the services' environments (no
 * program reads them): where the API is published, each data API's JWT secret, the databases' passwords.
 */
const COMPOSE_KEYS = [
  'CRM_BIND',
  'CRM_DATA_API_JWT_SECRET',
  'MEDIAPOSTER_DATA_API_JWT_SECRET',
  'CRM_DB_PASSWORD',
  'MEDIAPOSTER_DB_PASSWORD',
];

/** Every key each program reads (and docker-compose.yml's own), for `.env.example` and docker-compose checks. */
export const CONFIG_KEYS = {
  app: Object.keys(appEnv.shape),
  stack: Object.keys(stackEnv),
  simulator: Object.keys(simulatorEnv),
  dataApi: Object.keys(dataApiEnv),
  demo: Object.keys(demoEnv),
  importOriginal: Object.keys(importEnv),
  compose: COMPOSE_KEYS,
};
