import type { FaultInput, RandomFaults } from './faults';
import type { ListingDrift } from './listing-drift';
import type { RateLimitSettings } from './rate-limiter';
import type { World } from './world';

/**
 * What tests and the demo may do to the simulated world, in process. The /__sim HTTP routes are a
 * thin skin over these same functions.
 */
export function createControl(w: World) {
  return {
    /** Regenerates the inbox (same seed unless given), clears ledger, faults, counters; session back on. */
    reset: (seed?: number) => w.reset(seed),
    /** Exact sequence for a route id such as "/api/messages/send-to" ("*" = any route); 'none' passes one request. */
    scriptFaults: (route: string, faults: FaultInput[]) => w.faults.script(route, faults),
    randomFaults: (plan: RandomFaults | null) => w.faults.setRandom(plan),
    clearFaults: () => w.faults.clear(),
    pendingFaults: () => w.faults.pending(),

    /** An inbound message in the person's thread, now or at a simulated time still to come. */
    addInbound: (username: string, text: string, atMs?: number) => {
      w.inbox.addInbound(username, text, atMs);
    },
    /** Someone new with a chosen display name (another person's handle, say); they write with addInbound. False: handle taken. */
    addPerson: (person: { username: string; displayName: string }): boolean => w.inbox.addPerson(person),
    now: () => w.clock.now(),
    setClock: (ms: number) => w.clock.set(ms),
    advanceClock: (ms: number) => w.clock.advance(ms),

    /** HEAD: off makes every guarded route answer 503; ccf4331: navigate reports "Not logged in". */
    setSession: (active: boolean) => {
      w.session.active = active;
    },
    setRateLimits: (patch: Partial<RateLimitSettings>) => w.limiter.update(patch),
    /** HEAD listings from now on (null = fixed rows); reset goes back to the option's value. */
    setListingDrift: (drift: ListingDrift | null) => {
      w.listingDrift = drift && { ...drift };
    },
    /** The next listing shows every row as the last one did: an unchanged inbox listed the same way again. */
    repeatLastListing: () => {
      w.listings = Math.max(0, w.listings - 1);
    },
    /** HEAD's username → threadId cache, as GET /api/threads would answer it. */
    threadRegistry: () => Object.fromEntries(w.threadRegistry),
    /** What a Safari server restart does to the registry, without touching anything else. */
    clearThreadRegistry: () => w.threadRegistry.clear(),
    rateLimitCounters: () => w.limiter.counters(),

    sends: () => w.ledger.sends(),
    /** How many times this exact DM really went out. */
    sentCount: (username: string, text: string) => w.ledger.sentCount(username, text),
    requests: () => w.ledger.requests(),
    overlap: () => w.ledger.overlap(),
    apiKeysSeen: () => w.ledger.apiKeysSeen(),
    ledger: () => ({ sends: w.ledger.sends(), requests: w.ledger.requests(), overlap: w.ledger.overlap() }),

    /** The ground truth, including messages not arrived yet; for assertions, not for the client. */
    threads: () => w.inbox.threads().map((t) => ({ ...t, messages: t.messages.map((m) => ({ ...m })) })),
    flavor: () => w.flavor,
  };
}

export type SimulatorControl = ReturnType<typeof createControl>;
