/** An account's pacing settings: their own file so pacing.ts and pacing-caps.ts both read them without importing each other. */

export interface RampSettings {
  startPerDay: number;
  stepPerDay: number;
  startedAtMs: number;
}

export interface PacingSettings {
  /** Max sends in any rolling window of hourMs. */
  perHour: number;
  /** Max sends in any rolling window of dayMs. */
  perDay: number;
  /** The gap after each send is drawn in [minGapMs, maxGapMs] so sends do not tick like a machine. */
  minGapMs: number;
  maxGapMs: number;
  /** 0..23, local hour in timeZone, inclusive. */
  activeStartHour: number;
  /** 1..24, exclusive. 0 → 24 is always open; start > end wraps overnight (22 → 6); start = end is read as a full day. */
  activeEndHour: number;
  /** IANA zone, e.g. 'America/New_York'. */
  timeZone: string;
  /** Warm-up for a new account: the day cap is min(perDay, startPerDay + stepPerDay × whole days since startedAtMs). */
  ramp: RampSettings | null;
  /** 3_600_000 normally; tests scale it down. */
  hourMs: number;
  /** 86_400_000 normally; tests scale it down. */
  dayMs: number;
}
