import { createRng, hashSeed } from './prng';

/**
 * The later server's listings drift (safari-api.md §2 item 5): a row shows whatever leaf text comes
 * first, the display name one time and the handle the next, and a threadId only when that scraping
 * strategy found one ('' otherwise). The simulator decides per listing call and per thread, seeded,
 * so a test can replay the exact same sequence after a reset.
 */

export interface ListingDrift {
  /** Chance a row shows the handle rather than the display name. */
  handleChance: number;
  /** Chance a row carries its threadId rather than ''. */
  threadIdChance: number;
}

/** What one listing shows of one thread. */
export interface RowView {
  showsHandle: boolean;
  showsThreadId: boolean;
}

/** Depends only on (world seed, listing number, threadId): independent of row order and of other threads. */
export function driftView(drift: ListingDrift, seed: number, listing: number, threadId: string): RowView {
  const rng = createRng(hashSeed(seed, listing, threadId));
  return { showsHandle: rng.chance(drift.handleChance), showsThreadId: rng.chance(drift.threadIdChance) };
}
