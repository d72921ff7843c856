import { createFaultPlan } from './faults';
import { createInbox, type Flavor } from './inbox';
import { generateInbox } from './inbox-generator';
import { createLedger } from './ledger';
import type { ListingDrift } from './listing-drift';
import { createRateLimiter, type RateLimitSettings } from './rate-limiter';
import { shareDisplayNames } from './shared-display-names';
import { createSimClock } from './sim-clock';

/**
 * Everything the simulated server knows, apart from HTTP. Handlers read fields from this object on
 * every request, so reset() can swap the inbox and counters in place.
 */

export interface SimulatorOptions {
  /** 'head' (default) or 'ccf4331'. */
  flavor?: Flavor;
  seed?: number;
  /** Conversations spread over the four tabs; default 40. */
  conversations?: number;
  /** 1 = the real server's timings, 0 = no delay. Default 0, since tests and benchmarks are the main users. */
  latencyScale?: number;
  /** Default: 10/h, 30/day, 9–21; null turns one off. */
  rateLimits?: Partial<RateLimitSettings>;
  /** Offset of the simulated server-local time from UTC; default this machine's. */
  utcOffsetMinutes?: number;
  /** HEAD's lossy message reader; default on for head, off for ccf4331 (whose reader keeps repeats). */
  lossyReads?: boolean;
  /** Simulated start time (default now) and whether it then runs with real time (default false). */
  clock?: { startMs?: number; running?: boolean };
  /** Share of threads awaiting an answer that get a reply scheduled after the start; default 0.35. */
  replyChance?: number;
  /** Messages per thread, [min, max]; default [1, 10]. Benchmarks use bigger threads. */
  messagesPerThread?: [number, number];
  /** HEAD: per-listing seeded choice of handle vs display name and threadId vs ''; null (default) = fixed rows. */
  listingDrift?: ListingDrift | null;
  /** Pairs of threads given one display name after generation (threads 0+1, 2+3, …); default 0. */
  sharedDisplayNames?: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = { perHour: 10, perDay: 30, activeHours: { start: 9, end: 21 } };

export function createWorld(options: SimulatorOptions = {}) {
  const flavor = options.flavor ?? 'head';
  const startMs = options.clock?.startMs ?? Date.now();
  const settings = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const build = (seed: number) => {
    const clock = createSimClock(startMs, options.clock?.running ?? false);
    const data = generateInbox({
      seed,
      conversations: options.conversations ?? 40,
      startMs,
      replyChance: options.replyChance,
      messagesPerThread: options.messagesPerThread,
    });
    shareDisplayNames(data, options.sharedDisplayNames ?? 0);
    return { clock, inbox: createInbox(data, clock, flavor), limiter: createRateLimiter(settings, startMs) };
  };

  const world = {
    flavor,
    seed: options.seed ?? 42,
    lossyReads: options.lossyReads ?? flavor === 'head',
    latencyScale: options.latencyScale ?? 0,
    utcOffsetMinutes: options.utcOffsetMinutes ?? -new Date(startMs).getTimezoneOffset(),
    ledger: createLedger(),
    faults: createFaultPlan(),
    session: { active: true },
    listingDrift: options.listingDrift ?? null,
    /** Listing calls so far: one input of the drift, so each listing differs and a reset replays them. */
    listings: 0,
    /** HEAD's in-memory username → threadId cache (/api/threads); lost on restart, so emptied by reset. */
    threadRegistry: new Map<string, string>(),
    ...build(options.seed ?? 42),
    /** Back to the options: generated inbox, start time, counters, drift; no faults; optionally a new seed. */
    reset(seed?: number): void {
      if (seed !== undefined) world.seed = seed;
      Object.assign(world, build(world.seed));
      world.ledger.reset();
      world.faults.clear();
      world.session.active = true;
      world.listingDrift = options.listingDrift ?? null;
      world.listings = 0;
      world.threadRegistry.clear();
    },
  };
  return world;
}

export type World = ReturnType<typeof createWorld>;
