/**
 * How big a soak is: people in the simulated inbox, DMs of each kind, the faults, the kills and the
 * scaled pacing windows. `short` runs in `npm test` (a few minutes); `full` is `npm run soak`.
 */

export interface SoakPlan {
  name: string;
  /** Conversations in the simulated inbox (the later server, its listings drifting). */
  people: number;
  /** Direct DMs (POST /api/contacts/:id/dm), each asked for twice with one idempotency key. */
  directDms: number;
  /** Queued DMs (POST /api/outreach/queue). */
  queued: number;
  /** Contacts imported as building what the posted video is about: its campaign's audience. */
  builders: number;
  /** Contacts opted out while DMs to them wait: by hand. */
  optOuts: number;
  /** Syncs run while everything else does. */
  syncs: number;
  /** Worker SIGKILLs, spread over the run. */
  kills: number;
  /** Chance of a random fault on each browser call. */
  faultChance: number;
  /** Scaled pacing: at most perHour in any hourMs, perDay in any dayMs. */
  pacing: { perHour: number; perDay: number; hourMs: number; dayMs: number };
  /** How long the whole run may take before the checks give up waiting. */
  timeoutMs: number;
}

export const SHORT: SoakPlan = {
  name: 'short',
  people: 24,
  directDms: 4,
  queued: 6,
  builders: 4,
  optOuts: 2,
  syncs: 3,
  kills: 2,
  faultChance: 0.15,
  pacing: { perHour: 6, perDay: 40, hourMs: 8_000, dayMs: 60_000 },
  timeoutMs: 8 * 60_000,
};

export const FULL: SoakPlan = {
  name: 'full',
  people: 60,
  directDms: 12,
  queued: 20,
  builders: 10,
  optOuts: 5,
  syncs: 8,
  kills: 5,
  faultChance: 0.15,
  pacing: { perHour: 8, perDay: 60, hourMs: 10_000, dayMs: 90_000 },
  timeoutMs: 30 * 60_000,
};
