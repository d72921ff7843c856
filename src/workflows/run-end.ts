import { condition, patched, workflowInfo } from '@temporalio/workflow';

const BOUND_WAKES_PATCH = 'run-end-bound-wakes';

/** For sender inputs recorded before lullMs was part of them. */
export const DEFAULT_LULL_MS = 1_000;

/**
 * When a workflow that takes signals all the time may end its run (continue as new) without racing
 * them. A signal that lands while the continue-as-new task is in flight fails that task
 * (UnhandledCommand); the server then refuses every signal ("workflow is closing",
 * RESOURCE_EXHAUSTED) until the retried task completes, and that task replays the whole run from
 * its first event — 2.6–3.1 s for a sender run of 4,000 events — while each refused caller backs off
 * 1.7 s, then 2.9 s (the Temporal client's retry). So the run ends in a lull: when no signal has
 * come for `lullMs` (workflow time), in a task only its own timer started. A storm that never
 * pauses still ends the run once the history reaches `hardBound`.
 *
 * `heard()` goes in every signal handler of the workflow.
 */
export function runEnd(lullMs: number, hardBound: number) {
  let lastSignalAt = Date.now();
  return {
    heard: () => void (lastSignalAt = Date.now()),
    /**
     * Waits for the lull: true then (or at the hard bound), false as soon as `interrupt` holds (work
     * the run must do first). One timer per `lullMs` however many signals come: when it fires early
     * of the lull, it is set again for what is left.
     */
    async lull(interrupt: () => boolean): Promise<boolean> {
      const past = () => workflowInfo().historyLength >= hardBound;
      // Runs recorded before the patch looked at the bound only when the lull's timer fired, so a
      // storm could carry them up to lullMs of signals past it; now each signal's task looks.
      const wake = patched(BOUND_WAKES_PATCH) ? () => interrupt() || past() : interrupt;
      for (;;) {
        if (interrupt()) return false;
        if (past()) return true;
        const quietMs = Date.now() - lastSignalAt;
        if (quietMs >= lullMs) return true;
        await condition(wake, lullMs - quietMs);
      }
    },
  };
}
