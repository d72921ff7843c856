import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { outreachEnv } from '../src/config/sections/outreach';
import { safariEnv } from '../src/config/sections/safari';
import { syncEnv } from '../src/config/sections/sync';
import { dmSenderContract } from '../src/contracts/catalogue';
import { queueChangedSignal } from '../src/contracts/sender';
import { senderInput } from '../src/temporal/workflow-inputs';
import { startOutreachStack } from '../test/helpers/outreach-stack';
import { startTestSupabase } from '../test/helpers/supabase';
import { startTestTemporal } from '../test/helpers/temporal';
import { clientFor, startSimulator } from '../test/simulator/sim-fixture';
import { benchBackend } from './backend';
import { spawnWorker } from './outreach-fixture';

/**
 * The parts a user's DM goes through, for bench/latency.ts: the Temporal dev server, the CRM and
 * MediaPoster data APIs, the real worker as its own process, the real API over HTTP, and the
 * simulator behind a front that notes when each request reached it (the bench's own clock, which
 * is also the clock the requests are timed from). Timings are the production defaults, not the
 * tests' scaled ones, but for what the scenario says: caps out of reach, hours always open, a gap
 * of GAP_MS between two DMs, approval off, no sync, rescore or reply watch taking Safari's turn.
 */

export const GAP_MS = 1_000;

/** The test helpers' scaled waits put back to what src/config gives when nothing is set. */
const SCALED_KEYS = [
  'SAFARI_TIMEOUT_DEFAULT_MS',
  'SAFARI_TIMEOUT_STATUS_MS',
  'SAFARI_TIMEOUT_READ_MS',
  'SAFARI_TIMEOUT_SEND_MS',
  'SAFARI_HOLD_AFTER_NO_ANSWER_MS',
  'SAFARI_MIN_GAP_MS',
  'SAFARI_HEARTBEAT_MS',
  'ACTIVITY_HEARTBEAT_TIMEOUT_MS',
  'RETRY_DB_INITIAL_MS',
  'RETRY_DB_MAX_MS',
  'RETRY_SAFARI_INITIAL_MS',
  'RETRY_SAFARI_MAX_MS',
  'RETRY_SAFARI_ATTEMPTS',
  'OUTREACH_SESSION_RETRY_MS',
  'OUTREACH_SESSION_RETRY_MAX_MS',
  'OUTREACH_LATE_LANDING_MS',
] as const;
const schema: Record<string, { parse(v: unknown): unknown }> = { ...safariEnv, ...syncEnv, ...outreachEnv };
const DEFAULTS = Object.fromEntries(SCALED_KEYS.map((k) => [k, String(schema[k]!.parse(undefined))]));

export interface Arrival {
  method: string;
  path: string;
  username: string | null;
  atMs: number;
  /** How long the simulator took to answer (its own send time for a send). */
  answeredMs: number;
}

/** A front on the simulator noting every request's arrival before handing it over. */
async function recordingFront(fetchSim: (r: Request) => Response | Promise<Response>) {
  const arrivals: Arrival[] = [];
  const server = serve({
    port: 0,
    hostname: '127.0.0.1',
    overrideGlobalObjects: false,
    fetch: async (req) => {
      const a: Arrival = {
        method: req.method,
        path: new URL(req.url).pathname,
        username: null,
        atMs: Date.now(),
        answeredMs: NaN,
      };
      arrivals.push(a);
      if (a.method === 'POST' && a.path.startsWith('/api/messages/send'))
        a.username = ((await req.clone().json()) as { username?: string }).username ?? null;
      const res = await fetchSim(req);
      a.answeredMs = Date.now() - a.atMs;
      return res;
    },
  });
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, arrivals, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function startLatencyWorld(accountId: string, simConversations: number) {
  const [env, simulator, mp] = await Promise.all([
    startTestTemporal(),
    startSimulator({
      flavor: 'head',
      conversations: simConversations,
      lossyReads: false,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
    startTestSupabase(benchBackend(), 'mediaposter'),
  ]);
  const front = await recordingFront(simulator.sim.fetch);
  const shared = {
    ...DEFAULTS,
    CRM_ACCOUNT_ID: accountId,
    CRM_APPROVAL_MODE: 'none',
    CRM_RATE_MESSAGES_PER_HOUR: '1000',
    CRM_RATE_MESSAGES_PER_DAY: '10000',
    CRM_RATE_MIN_DELAY_MS: String(GAP_MS),
    CRM_RATE_MAX_DELAY_MS: String(GAP_MS),
    MEDIAPOSTER_SUPABASE_URL: mp.url,
    MEDIAPOSTER_SUPABASE_KEY: mp.serviceRoleKey,
  };
  const stack = await startOutreachStack(env, {
    safari: () => clientFor(front.url),
    safariUrl: front.url,
    workers: 0,
    backend: benchBackend(),
    mediaPoster: mp,
    env: shared,
  });
  const { worker, timing, alive } = await spawnWorker({
    temporalAddress: env.address,
    taskQueue: stack.taskQueue,
    crmDb: { url: stack.sb.url, key: stack.sb.serviceRoleKey },
    safariUrl: front.url,
    accountId,
    env: {
      ...shared,
      SYNC_INTERVAL: 'off',
      RESCORE_INTERVAL: 'off',
      REPLY_WATCH_INTERVAL: 'off',
      MEDIAPOSTER_WATCH_INTERVAL: 'off',
    },
  });
  const api = stack.api();
  const server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false });
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    env,
    sim: simulator,
    front,
    stack,
    api,
    apiUrl,
    worker,
    alive,
    /** The account with the scenario's gap, and its sender running with the worker's own input. */
    async account(id: string, incomingSecret?: string) {
      await stack.account(id, { minGapMs: GAP_MS, maxGapMs: GAP_MS });
      if (incomingSecret) await stack.deps.accounts.update(id, { incomingSecret });
      await stack.gateway.signalWithStart(dmSenderContract, senderInput(timing, id), queueChangedSignal, {
        reason: 'bench: start',
      });
    },
    senderId: (id: string) => dmSenderContract.id(senderInput(timing, id)),
    stop: async () => {
      server.close();
      await worker.stop();
      await stack.stop();
      await front.close();
      await simulator.close();
      await mp.stop();
      await env.teardown();
    },
  };
}
export type LatencyWorld = Awaited<ReturnType<typeof startLatencyWorld>>;
