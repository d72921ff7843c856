/**
 * The one way to start and stop a first DM's follow-ups (a Temporal workflow per first DM,
 * implemented in src/temporal/follow-ups.ts): settling a first DM as sent starts its plan; a DELETE
 * of a sent first DM stops what is left of it.
 */
export interface FollowUpStarter {
  /** Starts the plan's run; a second start finds the run already there (or already finished). */
  startFollowUps(accountId: string, firstItemId: string): Promise<void>;
}

export interface FollowUpCanceller {
  /**
   * Ends the plan's run; false when it is already over. `firstSent`: the first DM went out, so its
   * run is due even if not started yet (it is then opened cancelled); otherwise false when none is open.
   */
  cancelFollowUps(accountId: string, firstItemId: string, reason: string, firstSent: boolean): Promise<boolean>;
}

/** Whether a settled item opens a plan: a first DM, sent, that carries follow-ups. */
export const opensPlan = (item: { step: number; status: string; followUps: unknown[] | null }): boolean =>
  item.step === 0 && item.status === 'sent' && (item.followUps?.length ?? 0) > 0;
