import { clientFor, startSimulator } from '../simulator/sim-fixture';
import { startOutreachStack } from './outreach-stack';
import { startTestSupabase } from './supabase';
import { startTestTemporal } from './temporal';

/**
 * The DM flow's whole world for one test file: Temporal, the Safari simulator (12 people, no limits
 * of its own), MediaPoster's fixture, and the outreach stack with the real API over all of them,
 * for `accountId` with approval off (tests that need approval turn it on per account).
 */
export async function startDmWorld(accountId: string) {
  const [env, sim, mp] = await Promise.all([
    startTestTemporal(),
    startSimulator({
      flavor: 'head',
      conversations: 12,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
    startTestSupabase('pglite', 'mediaposter'),
  ]);
  const stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    mediaPoster: mp,
    env: { CRM_ACCOUNT_ID: accountId, CRM_APPROVAL_MODE: 'none' },
    backend: 'postgres',
  });
  return {
    env,
    sim,
    mp,
    stack,
    api: stack.api(),
    stop: async () => {
      await stack.stop();
      await mp.stop();
      await sim.close();
      await env.teardown();
    },
  };
}
