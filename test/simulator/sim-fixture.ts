import { createHttpSafariClient, type HttpSafariClientOptions } from '../../src/adapters/safari/http-safari-client';
import { createHostLock } from '../../src/adapters/safari/host-lock';
import { createSimulator, type SimulatorOptions } from '../../src/simulator/simulator';

/** A simulator on port 0 with a frozen clock at a weekday noon UTC, and clients with test-sized timeouts. */

export const START_MS = Date.UTC(2025, 0, 15, 12, 0, 0);
export const HOUR_MS = 3_600_000;

export async function startSimulator(options: SimulatorOptions = {}) {
  const sim = createSimulator({
    clock: { startMs: START_MS },
    utcOffsetMinutes: 0,
    latencyScale: 0,
    conversations: 12,
    ...options,
  });
  const running = await sim.listen(0);
  return { sim, control: sim.control, url: running.url, close: running.close };
}

export const TEST_TIMEOUTS = {
  defaultMs: 2_000,
  statusMs: 2_000,
  readMs: 2_000,
  sendMs: 2_000,
  allConversationsMs: 4_000,
};

/** Each client gets its own lock unless one is passed, so tests never queue behind each other. */
export function clientFor(url: string, overrides: Partial<HttpSafariClientOptions> = {}) {
  return createHttpSafariClient({
    baseUrl: url,
    timeouts: TEST_TIMEOUTS,
    lock: createHostLock(),
    holdAfterNoAnswerMs: 0,
    heartbeatMs: 20,
    ...overrides,
  });
}

/** Answers of many shapes, read field by field in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** JSON from the simulator over plain HTTP, bypassing the adapter. */
export async function raw(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
) {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** Polls until the simulator shows what a test waits for, instead of guessing a sleep. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A thread owner the simulator knows, by position in its ground truth. */
export function someUser(control: { threads(): { username: string }[] }, index = 0): string {
  const t = control.threads()[index];
  if (!t) throw new Error(`no thread at ${index}`);
  return t.username;
}
