import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { spawnManaged, type ManagedProcess } from '../../src/devstack/processes';

/**
 * The real worker (src/worker.ts) as a child process, configured only through its environment as in
 * production, which a test can SIGKILL and start again. Each start is a fresh process; what the
 * killed ones printed is kept for failure messages.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface WorkerSettings {
  temporalAddress: string;
  taskQueue: string;
  crmDb: { url: string; key: string };
  safariUrl: string;
  accountId: string;
  /** Any other key of .env.example, overriding the defaults below. */
  env?: Record<string, string>;
}

/** Scaled pacing and Safari timings: no caps worth mentioning, no gaps, always open, small waits. */
export function workerEnv(s: WorkerSettings): Record<string, string | undefined> {
  const passed = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  return {
    ...Object.fromEntries(passed.map((k) => [k, process.env[k]])),
    CRM_API_KEY: 'crash-test-api-key-0123456789',
    WEBHOOK_SECRET: 'crash-test-webhook-secret-0123',
    CRM_SUPABASE_URL: s.crmDb.url,
    CRM_SUPABASE_KEY: s.crmDb.key,
    MEDIAPOSTER_SUPABASE_URL: 'http://127.0.0.1:9',
    MEDIAPOSTER_SUPABASE_KEY: 'unused-mediaposter-key-0123456789',
    TEMPORAL_ADDRESS: s.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: s.taskQueue,
    SAFARI_API_URL: s.safariUrl,
    CRM_ACCOUNT_ID: s.accountId,
    SYNC_INTERVAL: 'off',
    RESCORE_INTERVAL: 'off',
    LOG_LEVEL: 'warn',
    CRM_RATE_MESSAGES_PER_HOUR: '1000',
    CRM_RATE_MESSAGES_PER_DAY: '10000',
    CRM_RATE_MIN_DELAY_MS: '0',
    CRM_RATE_MAX_DELAY_MS: '0',
    CRM_ACTIVE_HOURS_START: '0',
    CRM_ACTIVE_HOURS_END: '24',
    CRM_TIMEZONE: 'UTC',
    CRM_APPROVAL_MODE: 'none',
    SAFARI_TIMEOUT_DEFAULT_MS: '3000',
    SAFARI_TIMEOUT_READ_MS: '3000',
    SAFARI_TIMEOUT_SEND_MS: '3000',
    SAFARI_HOLD_AFTER_NO_ANSWER_MS: '200',
    SAFARI_MIN_GAP_MS: '0',
    SAFARI_HEARTBEAT_MS: '100',
    ACTIVITY_HEARTBEAT_TIMEOUT_MS: '1000',
    RETRY_DB_INITIAL_MS: '50',
    RETRY_DB_MAX_MS: '200',
    RETRY_SAFARI_INITIAL_MS: '50',
    RETRY_SAFARI_MAX_MS: '200',
    OUTREACH_SESSION_RETRY_MS: '200',
    OUTREACH_SESSION_RETRY_MAX_MS: '1000',
    OUTREACH_LATE_LANDING_MS: '5000',
    // Off unless a test asks: test files run side by side and would all want the same port.
    WORKER_METRICS_PORT: '0',
    ...s.env,
  };
}

export interface WorkerProcess {
  start(): void;
  /** SIGKILL, no grace: resolves once the process is gone. */
  kill(): Promise<void>;
  /** Throws with the output if the current worker exited without being killed by the test. */
  assertAlive(): void;
  starts(): number;
  output(): string;
}

/** `onLine`: every piece of output of every start, unbounded (e.g. to read all the logs for secrets). */
export function workerProcess(
  env: Record<string, string | undefined>,
  opts: { onLine?: (line: string) => void } = {},
): WorkerProcess {
  let current: ManagedProcess | null = null;
  let earlier = '';
  let starts = 0;
  const output = () => `${earlier}${current?.output() ?? ''}`.slice(-20_000);
  return {
    start() {
      if (current && current.child.exitCode === null && current.child.signalCode === null)
        throw new Error('the worker is already running');
      if (current) earlier += `--- worker #${starts} (killed) ---\n${current.output()}`;
      current = spawnManaged({
        name: `worker #${++starts}`,
        command: process.execPath,
        args: ['--import', 'tsx', 'src/worker.ts'],
        env,
        cwd: ROOT,
        onLine: opts.onLine,
      });
    },
    async kill() {
      const child = current?.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
    assertAlive() {
      const child = current?.child;
      if (child && child.signalCode === null && child.exitCode !== null)
        throw new Error(`the worker exited on its own (${child.exitCode}):\n${output()}`);
    },
    starts: () => starts,
    output,
  };
}
