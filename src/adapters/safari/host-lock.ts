/**
 * One-at-a-time access per Safari host. The Safari server drives a single tab with no mutex of its own,
 * so two overlapping requests would type into each other's threads. FIFO keeps waiting calls fair; a
 * caller that gives up (AbortSignal) leaves the queue without ever holding the lock.
 */

export type Release = () => void;

export interface HostLock {
  acquire(key: string, signal?: AbortSignal): Promise<Release>;
  /** Calls holding or waiting for the key; for tests and diagnostics. */
  size(key: string): number;
}

interface Waiter {
  grant: (release: Release) => void;
}

export function createHostLock(): HostLock {
  /** A key is present while someone holds it; its array is the line behind the holder. */
  const queues = new Map<string, Waiter[]>();

  function releaser(key: string): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const q = queues.get(key);
      if (!q) return;
      const next = q.shift();
      if (next) next.grant(releaser(key));
      else queues.delete(key);
    };
  }

  function acquire(key: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const q = queues.get(key);
    if (!q) {
      queues.set(key, []);
      return Promise.resolve(releaser(key));
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const at = q.indexOf(waiter);
        if (at >= 0) q.splice(at, 1);
        reject(abortReason(signal));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      q.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  function size(key: string): number {
    const q = queues.get(key);
    return q ? 1 + q.length : 0;
  }

  return { acquire, size };
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return new DOMException(typeof reason === 'string' ? reason : 'The operation was aborted', 'AbortError');
}

/** Shared by every client in the process, so two clients built for the same host still take turns. */
export const sharedHostLock: HostLock = createHostLock();
