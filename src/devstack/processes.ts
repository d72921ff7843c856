import { spawn, type ChildProcess } from 'node:child_process';

export { freePort } from './free-port';

/**
 * Child-process plumbing for the local stack: start a binary, wait until it answers, stop it for sure.
 * Output is kept in a bounded buffer so a failed start can say why without flooding the console.
 */

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args?: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Forward each output line, e.g. to the console with a prefix. */
  onLine?: (line: string) => void;
}

const MAX_KEPT_OUTPUT = 20_000;

export function spawnManaged(opts: SpawnOptions): ManagedProcess {
  const child = spawn(opts.command, opts.args ?? [], {
    env: opts.env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let kept = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    kept = (kept + text).slice(-MAX_KEPT_OUTPUT);
    if (opts.onLine) for (const line of text.split('\n')) if (line.trim()) opts.onLine(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.on('error', (err) => onData(Buffer.from(`spawn error: ${err.message}\n`)));
  return { name: opts.name, child, output: () => kept, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL after a grace period, so a hung child never outlives the stack. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls `probe` until it returns true; fails early if the process died, with its output. */
export async function waitUntilReady(
  proc: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 50;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) {
      throw new Error(`${proc.name} exited with code ${proc.child.exitCode}:\n${proc.output()}`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
  await proc.stop();
  throw new Error(`${proc.name} did not become ready within ${timeoutMs} ms:\n${proc.output()}`);
}

export async function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
