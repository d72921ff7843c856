import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/adapters/logging/logger';
import { createApiDeps } from '../src/api/api-deps';
import { createApp } from '../src/api/app';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/devstack/embedded-postgres';
import { freePort } from '../src/devstack/processes';
import { createSimulator } from '../src/simulator/simulator';
import { startReceiver, type Receiver } from '../test/helpers/receiver';
import { startTestSupabase } from '../test/helpers/supabase';
import { startTestTemporal, uniqueTaskQueue } from '../test/helpers/temporal';
import { workerEnv, workerProcess } from '../test/helpers/worker-process';
import type { SoakPlan } from './plan';

/**
 * Everything a soak runs on, as users run it: a PostgreSQL of its own (so it can be restarted
 * without touching anyone else's) under the CRM data API, MediaPoster's fixture, a Temporal server,
 * the later Safari server simulated with drifting listings, faults and a running clock, the real
 * worker as a child process (to be SIGKILLed), the API in process and two webhook receivers.
 */

export const SOAK_KEY = 'soak-api-key-0123456789abcdef';
export const SOAK_ACCOUNT = 'default';
export const SOAK_WEBHOOK_SECRET = 'soak-incoming-secret-0123456789';
export const SEND_ROUTE = '/api/messages/send-to';
/** A block pauses the account this long (scaled CRM_PAUSE_ON_BLOCK_MS). */
const PAUSE_MS = 3_000;

export async function startSoakWorld(plan: SoakPlan) {
  const dir = await mkdtemp(join(tmpdir(), 'crm-soak-'));
  await chmod(dir, 0o755); // as root the cluster runs as `postgres`, which must reach its directory
  const pgPort = await freePort();
  let cluster: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: pgPort });
  const [env, crm, mp] = await Promise.all([
    startTestTemporal(),
    startTestSupabase('postgres', 'crm', { adminUrl: cluster.url }),
    startTestSupabase('pglite', 'mediaposter'),
  ]);
  const sim = createSimulator({
    flavor: 'head',
    conversations: plan.people,
    seed: 7,
    latencyScale: 0.002,
    replyChance: 0.3,
    clock: { running: true },
    listingDrift: { handleChance: 0.4, threadIdChance: 0.5 },
    rateLimits: { perHour: null, perDay: null, activeHours: null },
  });
  const running = await sim.listen(0);
  const taskQueue = uniqueTaskQueue('soak');
  const p = plan.pacing;
  const settings: Record<string, string> = {
    CRM_API_KEY: SOAK_KEY,
    WEBHOOK_SECRET: SOAK_WEBHOOK_SECRET,
    MEDIAPOSTER_SUPABASE_URL: mp.url,
    MEDIAPOSTER_SUPABASE_KEY: mp.serviceRoleKey,
    CRM_RATE_MESSAGES_PER_HOUR: String(p.perHour),
    CRM_RATE_MESSAGES_PER_DAY: String(p.perDay),
    CRM_RATE_HOUR_WINDOW_MS: String(p.hourMs),
    CRM_RATE_DAY_WINDOW_MS: String(p.dayMs),
    CRM_RATE_MIN_DELAY_MS: '100',
    CRM_RATE_MAX_DELAY_MS: '400',
    CRM_PAUSE_ON_BLOCK_MS: String(PAUSE_MS),
    CRM_VIDEO_OUTREACH_MIN_SCORE: '1',
    CRM_OUTREACH_COOLDOWN: 'off',
    SYNC_PROFILE_LOOKUPS: '10',
    MEDIAPOSTER_WATCH_INTERVAL: 'off',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_RETRY_SCALE: '0.001',
    WEBHOOK_POLL_MS: '500',
    WEBHOOK_TIMEOUT_MS: '2000',
    OUTREACH_MAX_SOFT_RETRIES: '4',
    SAFARI_TIMEOUT_ALL_CONVERSATIONS_MS: '6000',
  };
  const wEnv = workerEnv({
    temporalAddress: env.address,
    taskQueue,
    crmDb: { url: crm.url, key: crm.serviceRoleKey },
    safariUrl: running.url,
    accountId: SOAK_ACCOUNT,
    env: settings,
  });
  const worker = workerProcess(wEnv);
  worker.start();
  const config = loadConfig({
    ...wEnv,
    CRM_SUPABASE_URL: crm.url,
    CRM_SUPABASE_KEY: crm.serviceRoleKey,
    LOG_LEVEL: 'silent',
  });
  const apiDeps = createApiDeps(config, env.client, createLogger({ level: 'silent', name: 'soak-api' }));
  await apiDeps.accounts.ensure(SOAK_ACCOUNT, running.url);
  const app = createApp(apiDeps);
  const receivers: Receiver[] = [await startReceiver(), await startReceiver()];

  /** Stops the database and starts it again on the same port and data (users' data APIs reconnect). */
  async function restartDatabase(downMs: number): Promise<void> {
    await cluster.stop();
    await new Promise((r) => setTimeout(r, downMs));
    cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: pgPort });
  }

  return {
    plan,
    env: env,
    crm,
    mp,
    sim,
    simUrl: running.url,
    worker: worker,
    app,
    apiDeps,
    config,
    receivers,
    restartDatabase,
    stop: async () => {
      await worker.kill();
      await Promise.all(receivers.map((r) => r.close()));
      await running.close();
      await Promise.all([crm.stop(), mp.stop()]).catch(() => undefined);
      await env.teardown();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type SoakWorld = Awaited<ReturnType<typeof startSoakWorld>>;
