import type { ManagedProcess } from './processes';

/**
 * Keeps one part of `npm start` running: a part that exits on its own (a crash, a SIGKILL, the OOM
 * killer) is started again after a backoff that doubles with each quick crash, and every restart is
 * said (a part that stops cleanly — exit code 0, SIGINT, SIGTERM — was stopped on purpose, and the
 * stack stops with it). Work in flight is not lost by a restart — it lives in Temporal and the database. A part
 * that keeps dying within seconds of starting is broken, not unlucky: after `maxQuickCrashes` in a
 * row the supervisor gives up and says which part, how it ended, and its last output.
 */

export interface SupervisorOptions {
  name: string;
  /** Spawns the part; async when it must also wait until the part answers (a server). */
  start: () => ManagedProcess | Promise<ManagedProcess>;
  say: (line: string) => void;
  /**
   * Called once when the part is not coming back: `crashed` when it kept dying, not when it was
   * stopped on purpose (then the stack stops cleanly with it).
   */
  onGiveUp: (reason: string, crashed: boolean) => void;
  /** First restart delay; doubles per quick crash, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A run shorter than this counts as a quick crash; a longer one starts the count again. */
  stableMs?: number;
  maxQuickCrashes?: number;
}

export interface Supervised {
  readonly name: string;
  /** Settles with the first start: a part that cannot start at all fails the stack's start. */
  ready: Promise<void>;
  current: () => ManagedProcess;
  /** How many times the part was started (1 = never restarted). */
  starts: () => number;
  stop: () => Promise<void>;
}

const LAST_LINES = 15;
const STOP_SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);

export function supervise(o: SupervisorOptions): Supervised {
  const { backoffMs = 500, maxBackoffMs = 10_000, stableMs = 30_000, maxQuickCrashes = 5 } = o;
  let proc: ManagedProcess | undefined;
  let starts = 0;
  let quickCrashes = 0;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let starting: Promise<void> | undefined; // an async start in flight, which stop() must wait for
  let settleReady: (err?: Error) => void = () => undefined;
  const ready = new Promise<void>(
    (resolve, reject) => (settleReady = (err) => (err === undefined ? resolve() : reject(err))),
  );

  const crashed = (startedAt: number, how: string, output: string) => {
    quickCrashes = Date.now() - startedAt < stableMs ? quickCrashes + 1 : 1;
    if (quickCrashes >= maxQuickCrashes) {
      const tail = output.trim().split('\n').slice(-LAST_LINES).join('\n');
      o.onGiveUp(
        `${o.name} ${how}, ${quickCrashes} times in a row within ${stableMs / 1000} s of starting; its last output:\n${tail}`,
        true,
      );
      return;
    }
    const delay = Math.min(backoffMs * 2 ** (quickCrashes - 1), maxBackoffMs);
    o.say(`${o.name} ${how}; restarting it in ${delay} ms (restart ${starts})`);
    timer = setTimeout(run, delay);
  };

  const watch = (started: ManagedProcess, startedAt: number) => {
    proc = started;
    if (starts === 1) settleReady();
    if (stopping) return; // stop() is waiting for this start, and stops it next
    started.child.once('exit', (code, signal) => {
      if (stopping) return;
      // Stopped on purpose (Ctrl-C reaches every process of the terminal; a kill -TERM): not a crash.
      if (code === 0 || (signal !== null && STOP_SIGNALS.has(signal))) {
        o.onGiveUp(`${o.name} stopped (${signal ?? 'exit code 0'})`, false);
        return;
      }
      crashed(startedAt, signal ? `killed by ${signal}` : `exited with code ${code}`, started.output());
    });
  };

  const failedToStart = (err: unknown, startedAt: number) => {
    if (starts === 1)
      return settleReady(err instanceof Error ? err : new Error(`${o.name} did not start: ${String(err)}`));
    if (!stopping) crashed(startedAt, 'could not be started again', String((err as Error)?.message ?? err));
  };

  function run() {
    const startedAt = Date.now();
    starts += 1;
    try {
      const started = o.start();
      if (started instanceof Promise)
        starting = started.then(
          (p) => watch(p, startedAt),
          (err: unknown) => failedToStart(err, startedAt),
        );
      else watch(started, startedAt);
    } catch (err) {
      failedToStart(err, startedAt);
    }
  }
  run();

  return {
    name: o.name,
    ready,
    current: () => {
      if (!proc) throw new Error(`${o.name} has not started yet`);
      return proc;
    },
    starts: () => starts,
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await starting;
      await proc?.stop();
    },
  };
}
