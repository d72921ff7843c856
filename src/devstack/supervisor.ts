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
  start: () => ManagedProcess;
  say: (line: string) => void;
  /** Called once when the part cannot be kept up; the stack then stops. */
  onGiveUp: (reason: string) => void;
  /** First restart delay; doubles per quick crash, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A run shorter than this counts as a quick crash; a longer one starts the count again. */
  stableMs?: number;
  maxQuickCrashes?: number;
}

export interface Supervised {
  readonly name: string;
  current: () => ManagedProcess;
  /** How many times the part was started (1 = never restarted). */
  starts: () => number;
  stop: () => Promise<void>;
}

const LAST_LINES = 15;
const STOP_SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);

export function supervise(o: SupervisorOptions): Supervised {
  const { backoffMs = 500, maxBackoffMs = 10_000, stableMs = 30_000, maxQuickCrashes = 5 } = o;
  let proc: ManagedProcess;
  let starts = 0;
  let quickCrashes = 0;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const run = () => {
    const startedAt = Date.now();
    starts += 1;
    proc = o.start();
    proc.child.once('exit', (code, signal) => {
      if (stopping) return;
      // Stopped on purpose (Ctrl-C reaches every process of the terminal; a kill -TERM): not a crash.
      if (code === 0 || (signal !== null && STOP_SIGNALS.has(signal))) {
        o.onGiveUp(`${o.name} stopped (${signal ?? 'exit code 0'})`);
        return;
      }
      quickCrashes = Date.now() - startedAt < stableMs ? quickCrashes + 1 : 1;
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      if (quickCrashes >= maxQuickCrashes) {
        const tail = proc.output().trim().split('\n').slice(-LAST_LINES).join('\n');
        o.onGiveUp(`${o.name} ${how}, ${quickCrashes} times in a row within ${stableMs / 1000} s of starting; its last output:\n${tail}`);
        return;
      }
      const delay = Math.min(backoffMs * 2 ** (quickCrashes - 1), maxBackoffMs);
      o.say(`${o.name} ${how}; restarting it in ${delay} ms (restart ${starts})`);
      timer = setTimeout(run, delay);
    });
  };
  run();

  return {
    name: o.name,
    current: () => proc,
    starts: () => starts,
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await proc.stop();
    },
  };
}
