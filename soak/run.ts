import { runChecks, type SoakReport } from './checks';
import { soakLoad } from './load';
import type { SoakPlan } from './plan';
import { startSoakWorld, type SoakWorld } from './world';

/**
 * One soak: users' work and the chaos at once. The worker is SIGKILLed `plan.kills` times (started
 * again a moment later) and the database restarted once, while syncs, direct DMs, queued DMs and a
 * video campaign drain under scaled pacing with Safari faults on. Then the faults stop, everything
 * settles, and the promises are checked together.
 */

export async function runSoak(plan: SoakPlan, say: (line: string) => void = () => undefined): Promise<SoakReport> {
  const startedAt = Date.now();
  const world = await startSoakWorld(plan);
  try {
    const load = soakLoad(world);
    const chaos = chaosLog(world, say);
    await load.subscribe();
    await load.importContacts();
    say(`imported ${world.plan.people} contacts; first sync...`);
    load.faultsOn(true);
    await load.sync();
    await load.directDms();
    const queued = await load.queueDms();
    await load.announce();
    await load.optOut(queued);
    say(`queued ${load.intended.length} DMs and a video campaign; ${load.optOuts.length} opted out; chaos begins`);
    // Syncs and kills interleaved; the database goes down once, half way.
    const rounds = Math.max(plan.syncs - 1, plan.kills);
    for (let round = 0; round < rounds; round++) {
      if (round < plan.kills) {
        await chaos.whileSending(10_000); // a kill lands mid-drain, not before anything went out
        await chaos.killWorker(1_000 + (round % 3) * 1_000);
      }
      if (round === Math.floor(rounds / 2)) await chaos.restartDatabase(2_000);
      if (round < plan.syncs - 1)
        await load
          .sync()
          .catch((err: Error) => say(`a sync failed under chaos (retried later): ${err.message.slice(0, 200)}`));
      else await load.sleep(4_000);
    }
    load.faultsOn(false);
    say('chaos over; letting everything settle...');
    await load.sync(); // a last look at the inbox with nothing failing: one contact per person is judged after it
    const report = await runChecks(world, load, chaos.events, Date.now() - startedAt + plan.timeoutMs / 2, say);
    return { ...report, plan: plan.name, seconds: Math.round((Date.now() - startedAt) / 1000) };
  } catch (err) {
    say(
      `the soak stopped: ${(err as Error).stack ?? String(err)}\nworker output:\n${world.worker.output().slice(-4_000)}`,
    );
    throw err;
  } finally {
    await world.stop();
  }
}

function chaosLog(world: SoakWorld, say: (line: string) => void) {
  const events: string[] = [];
  const note = (e: string) => {
    events.push(e);
    say(e);
  };
  return {
    events,
    async killWorker(downMs: number) {
      world.worker.assertAlive();
      await world.worker.kill();
      note(`worker SIGKILLed (${world.sim.control.sends().length} DMs out so far); back in ${downMs} ms`);
      await new Promise((r) => setTimeout(r, downMs));
      world.worker.start();
    },
    /** Until the next DM goes out (bounded: a drained queue sends nothing more). */
    async whileSending(maxMs: number) {
      const before = world.sim.control.sends().length;
      const deadline = Date.now() + maxMs;
      while (world.sim.control.sends().length === before && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
    },
    async restartDatabase(downMs: number) {
      note('database stopping');
      await world.restartDatabase(downMs);
      note(`database back after ${downMs} ms down`);
    },
  };
}
