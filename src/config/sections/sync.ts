import { z } from 'zod';
import { int } from '../fields';

/**
 * The inbox sync and the retry schedules of every workflow. Each wait a workflow makes comes from
 * here (through its input), so tests run the same code with durations scaled down.
 */

/** "30m", "2h", "45s" or "off". */
const intervalOrOff = (fallback: string) =>
  z
    .string()
    .regex(/^(off|\d+(s|m|h))$/, 'must be like 30m, 2h, 45s, or off')
    .default(fallback)
    .transform((v) => {
      if (v === 'off') return null;
      const n = Number(v.slice(0, -1));
      return n * { s: 1_000, m: 60_000, h: 3_600_000 }[v.slice(-1) as 's' | 'm' | 'h'];
    })
    .refine((ms) => ms === null || ms >= 60_000, 'must be at least 1m (Safari reads take minutes)');

export const syncEnv = {
  /** How often a Temporal Schedule syncs the inbox (tests never start the schedule). */
  SYNC_INTERVAL: intervalOrOff('30m'),
  /** How often every contact is rescored (recency decays with time even when nothing is said). */
  RESCORE_INTERVAL: intervalOrOff('24h'),
  /**
   * How often a Temporal Schedule per account looks for replies inside the account's active hours:
   * the primary and requests tabs only, then only the threads whose last message changed.
   */
  REPLY_WATCH_INTERVAL: intervalOrOff('5m'),
  /** Threads read per activity: one claim, one write, one rescore each. */
  SYNC_BATCH_SIZE: int(50, 1, 500),
  /** Messages asked of Safari per thread read (GET /api/messages?limit). */
  SYNC_READ_LIMIT: int(50, 1, 500),
  /**
   * Profile lookups (GET /api/profile/:handle, a ~10 s browser call) a sync may make to tell who a
   * display name belongs to on the later Safari server; answers are remembered. 0 turns them off.
   */
  SYNC_PROFILE_LOOKUPS: int(10, 0, 1_000),
  /** Batches before a run continues as new, keeping its history small. */
  SYNC_BATCHES_PER_RUN: int(100, 1, 10_000),
  /** How long the original server's synchronous routes (POST /api/sync/*) wait for a sync. */
  SYNC_COMPAT_WAIT_MS: int(300_000, 1_000),
  /** Retry schedule for data-API activities. */
  RETRY_DB_INITIAL_MS: int(1_000, 1),
  RETRY_DB_MAX_MS: int(60_000, 1),
  RETRY_DB_ATTEMPTS: int(20, 1, 1_000),
  /** Retry schedule for Safari reads: slower, because the server is busy or the Mac asleep. */
  RETRY_SAFARI_INITIAL_MS: int(5_000, 1),
  RETRY_SAFARI_MAX_MS: int(120_000, 1),
  RETRY_SAFARI_ATTEMPTS: int(10, 1, 1_000),
  /** A Safari activity that stops heartbeating this long is presumed lost and retried elsewhere. */
  ACTIVITY_HEARTBEAT_TIMEOUT_MS: int(60_000, 1_000),
};

export function buildSync(e: z.infer<z.ZodObject<typeof syncEnv>>) {
  return {
    sync: {
      intervalMs: e.SYNC_INTERVAL,
      batchSize: e.SYNC_BATCH_SIZE,
      readLimit: e.SYNC_READ_LIMIT,
      batchesPerRun: e.SYNC_BATCHES_PER_RUN,
      profileLookups: e.SYNC_PROFILE_LOOKUPS,
      compatWaitMs: e.SYNC_COMPAT_WAIT_MS,
    },
    rescore: { intervalMs: e.RESCORE_INTERVAL },
    replyWatch: { intervalMs: e.REPLY_WATCH_INTERVAL },
    timing: {
      db: { initialMs: e.RETRY_DB_INITIAL_MS, maxMs: e.RETRY_DB_MAX_MS, attempts: e.RETRY_DB_ATTEMPTS },
      safari: { initialMs: e.RETRY_SAFARI_INITIAL_MS, maxMs: e.RETRY_SAFARI_MAX_MS, attempts: e.RETRY_SAFARI_ATTEMPTS },
      heartbeatTimeoutMs: e.ACTIVITY_HEARTBEAT_TIMEOUT_MS,
    },
  };
}
