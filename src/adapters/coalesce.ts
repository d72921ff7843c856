/**
 * Group commit: while a call for a key is in flight, later arguments for that key wait and then go
 * together in one call. Under concurrent requests this turns N round trips (to a database that runs
 * one query at a time, or N signals to one workflow) into a few, at the cost of at most one call's
 * latency. A call goes out at the end of the event-loop turn it was asked in, so that arguments
 * arriving together (the requests a grouped call answered, moving on to their next step) go as one
 * call, not as one alone and the rest after it. `fn` answers each argument in order; if it fails,
 * every argument of that call fails.
 */
export function coalesceByKey<A, R>(fn: (key: string, args: A[]) => Promise<R[]>): (key: string, arg: A) => Promise<R> {
  interface Waiting {
    arg: A;
    resolve: (r: R) => void;
    reject: (e: unknown) => void;
  }
  const busy = new Set<string>();
  const waiting = new Map<string, Waiting[]>();

  function run(key: string, batch: Waiting[]): void {
    fn(
      key,
      batch.map((w) => w.arg),
    )
      .then(
        (results) =>
          batch.forEach((w, i) =>
            i < results.length ? w.resolve(results[i]!) : w.reject(new Error('no result for a batched call')),
          ),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        const next = waiting.get(key);
        waiting.delete(key);
        if (next?.length) run(key, next);
        else busy.delete(key);
      });
  }

  return (key, arg) =>
    new Promise<R>((resolve, reject) => {
      const list = waiting.get(key) ?? [];
      list.push({ arg, resolve, reject });
      waiting.set(key, list);
      if (busy.has(key)) return;
      busy.add(key);
      setImmediate(() => {
        waiting.delete(key);
        run(key, list);
      });
    });
}
