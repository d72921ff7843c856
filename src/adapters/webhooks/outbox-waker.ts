import { dataApiFetch } from '../db/data-api-fetch';
import { requestUrl } from '../db/deadlines';
import { mayAddEvents } from '../db/event-writers';

/**
 * Tells the webhook dispatcher that the outbox may have grown, right after one of our processes
 * wrote to the CRM database: a new event reaches the dispatcher in one signal instead of waiting
 * for a poll. Pokes are coalesced — one signal in flight, at most one more queued behind it — so a
 * sync writing hundreds of times a second costs a few signals. A lost signal only costs latency:
 * the dispatcher's slow poll still finds the event.
 */
export interface OutboxWaker {
  poke: () => void;
  /** Resolves when no signal is in flight (for tests and shutdown). */
  settled: () => Promise<void>;
}

/**
 * `minGapMs`: a signal follows the one before after at least this long, so a burst of writes costs
 * a few dispatcher steps, each with more to do, instead of one step per write.
 */
export function createOutboxWaker(
  signal: () => Promise<unknown>,
  onError: (err: unknown) => void = () => {},
  minGapMs = 0,
): OutboxWaker {
  let inFlight: Promise<void> | null = null;
  let again = false;
  const pause = () => (minGapMs > 0 ? new Promise<void>((r) => setTimeout(r, minGapMs)) : Promise.resolve());
  const run = (): Promise<void> =>
    signal()
      .then(
        () => undefined,
        (err: unknown) => onError(err),
      )
      .then(async () => {
        if (!again) return void (inFlight = null);
        await pause();
        again = false;
        inFlight = run();
        return inFlight;
      });
  return {
    poke: () => {
      if (inFlight) again = true;
      else inFlight = run();
    },
    settled: async () => {
      while (inFlight) await inFlight;
    },
  };
}

/**
 * A fetch for supabase-js that pokes after every successful request that may have added an event. A
 * call of a function that only reads (a POST to PostgREST, like every call), or of one that writes
 * no event (a sync's claim), adds none: each poke is a signal and a dispatcher step, and a sender
 * reading its snapshot or the API looking contacts up would otherwise wake the dispatcher as often
 * as the writes do.
 */
export function pokingFetch(poke: () => void, base: typeof fetch = dataApiFetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.ok && mayAddEvents(requestUrl(input), init?.method ?? 'GET')) poke();
    return response;
  };
}
