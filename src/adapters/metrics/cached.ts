/**
 * A value read at most once per `ttlMs`, however many scrapes ask at once (they share one read).
 * A failed read answers null (the caller reports the source as down) and is tried again next time.
 */
export function cachedSource<T>(
  load: () => Promise<T>,
  ttlMs: number,
  onError: (err: unknown) => void,
  now: () => number = Date.now,
): () => Promise<T | null> {
  let last: { at: number; value: T } | null = null;
  let inFlight: Promise<T | null> | null = null;
  return () => {
    if (last && now() - last.at < ttlMs) return Promise.resolve(last.value);
    inFlight ??= load()
      .then(
        (value) => ((last = { at: now(), value }), value),
        (err: unknown) => (onError(err), null),
      )
      .finally(() => (inFlight = null));
    return inFlight;
  };
}

/**
 * `load` bounded by `ms`: a source that hangs (Temporal not answering a sender's query) costs its
 * own metrics, not the whole scrape, which Prometheus would give up on after its own timeout.
 */
export function withDeadline<T>(load: () => Promise<T>, ms: number): () => Promise<T> {
  return () =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      load()
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
}
