/** The retry schedules and waits every workflow gets through its input (workflows cannot read config). */

/** A retry schedule; every number comes from config through the workflow's input. */
export interface RetryProfile {
  initialMs: number;
  maxMs: number;
  attempts: number;
}

export interface WorkflowTiming {
  db: RetryProfile;
  safari: RetryProfile;
  heartbeatTimeoutMs: number;
  /** After a browser call got no answer, nobody drives that Safari host for this long (absent in older inputs). */
  safariQuietMs?: number;
}

/** For inputs recorded before timing was part of them. */
export const DEFAULT_TIMING: WorkflowTiming = {
  db: { initialMs: 1_000, maxMs: 60_000, attempts: 20 },
  safari: { initialMs: 5_000, maxMs: 120_000, attempts: 10 },
  heartbeatTimeoutMs: 60_000,
};
