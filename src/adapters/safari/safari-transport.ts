import { z } from 'zod';
import { sharedHostLock, type HostLock } from './host-lock';
import { createKeepAliveFetch, type MinimalFetch } from './keep-alive-fetch';
import {
  classifyHttp,
  classifyTransportError,
  malformed,
  retrySafe,
  type Classified,
  type SafariOperation,
} from './outcomes';
import type { CallOptions, SafariResult } from './safari-client';

/**
 * One HTTP exchange with the Safari server, turned into a SafariResult, plus the per-host turn-taking
 * and progress ticks around a group of exchanges. Knows nothing about individual routes.
 */

export interface SafariTimeouts {
  /** Quick routes: navigate, tab, open, new conversation, one listing, profile. */
  defaultMs: number;
  /**
   * Routes that do not drive the browser and that a request or a health check waits on: health,
   * status, rate limits, session status. Seconds, so a stalled server is reported while the caller waits.
   */
  statusMs: number;
  /** GET /api/messages (well under a second on the real server). */
  readMs: number;
  /** POST /api/messages/send-to: HEAD's profile strategy plus fallbacks takes 18–30 s and more. */
  sendMs: number;
  /** GET /api/conversations/all: HEAD scrolls every tab, 45 s to about 2 min. */
  allConversationsMs: number;
}

export interface TransportOptions {
  baseUrl: string;
  apiKey?: string;
  timeouts: SafariTimeouts;
  /** Defaults to node:http with keep-alive; global fetch (or a test double) also fits. */
  fetch?: MinimalFetch;
  lock?: HostLock;
  /** How often onProgress hears 'waiting' while a call is queued or in flight. */
  heartbeatMs?: number;
  /**
   * After a browser call got no answer the server may still be driving the tab, so the lock is held
   * this long before the next call may start (0 = release at once). Required, so the composition root passes the configured value.
   */
  holdAfterNoAnswerMs: number;
  /**
   * The least time between two browser-driving calls to a host, from the end of one to the start
   * of the next, so reading a whole inbox never drives Instagram faster than a person would.
   */
  minGapMs?: number;
}

/** When each host's last browser-driving call ended; shared like the host lock. */
const lastBrowserCallEnded = new Map<string, number>();

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  timeoutMs: number;
}

export function createTransport(o: TransportOptions) {
  const hostKey = new URL(o.baseUrl).host;
  const doFetch: MinimalFetch = o.fetch ?? createKeepAliveFetch();
  const lock = o.lock ?? sharedHostLock;
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  if (o.apiKey) headers['x-api-key'] = o.apiKey;

  async function request<S extends z.ZodType>(
    op: SafariOperation,
    route: Route,
    schema: S,
    signal?: AbortSignal,
  ): Promise<SafariResult<z.output<S>>> {
    const timeout = AbortSignal.timeout(route.timeoutMs);
    const init = {
      method: route.method,
      headers,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      body: route.body === undefined ? undefined : JSON.stringify(route.body),
    };
    let status: number;
    let text: string;
    try {
      const res = await doFetch(`${o.baseUrl}${route.path}`, init);
      status = res.status;
      text = await res.text();
    } catch (err) {
      return failure(op, classifyTransportError(err));
    }
    const body = parseJson(text);
    const classified = classifyHttp(status, body, op);
    if (classified.code !== 'OK') return failure(op, classified, status);
    const parsed = schema.safeParse(body);
    if (!parsed.success) return failure(op, malformed(op, z.prettifyError(parsed.error)), status);
    return { ok: true, code: 'OK', value: parsed.data };
  }

  /**
   * Runs `work` with progress ticks, holding the host lock when it drives the browser. Throws only if
   * the caller's signal fires while still queued: then nothing was sent.
   */
  async function run<T>(
    op: SafariOperation,
    drivesBrowser: boolean,
    opts: CallOptions,
    work: () => Promise<SafariResult<T>>,
  ): Promise<SafariResult<T>> {
    const started = Date.now();
    const tick = (phase: 'queued' | 'started' | 'waiting' | 'done') =>
      opts.onProgress?.({ operation: op, phase, elapsedMs: Date.now() - started });
    const timer = opts.onProgress ? setInterval(() => tick('waiting'), o.heartbeatMs ?? 5_000) : undefined;
    try {
      if (!drivesBrowser) return await work();
      tick('queued');
      const held = await lock.acquire(hostKey, opts.signal);
      const release = () => {
        lastBrowserCallEnded.set(hostKey, Date.now());
        held();
      };
      await paceAfterLastCall(hostKey, o.minGapMs ?? 0, opts.signal).catch((err: unknown) => {
        held();
        throw err;
      });
      tick('started');
      const result = await work().catch((err: unknown) => {
        release();
        throw err;
      });
      releaseAfter(result, release);
      return result;
    } finally {
      clearInterval(timer);
      tick('done');
    }
  }

  function releaseAfter(result: SafariResult<unknown>, release: () => void): void {
    if (result.code !== 'OUTCOME_UNKNOWN' || o.holdAfterNoAnswerMs <= 0) return release();
    setTimeout(release, o.holdAfterNoAnswerMs).unref();
  }

  return { request, run };
}

/** Waits out the rest of the minimum gap since the host's last browser call (abortable). */
function paceAfterLastCall(hostKey: string, minGapMs: number, signal?: AbortSignal): Promise<void> {
  const wait = (lastBrowserCallEnded.get(hostKey) ?? 0) + minGapMs - Date.now();
  if (wait <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, wait);
    const onAbort = () => {
      clearTimeout(timer);
      reject(
        signal?.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted', 'AbortError'),
      );
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function failure(op: SafariOperation, c: Classified, httpStatus?: number): SafariResult<never> {
  if (c.code === 'OK') throw new Error('failure() called with OK');
  const base = {
    ok: false as const,
    code: c.code,
    retrySafe: retrySafe(c.code, op),
    message: c.message,
    operation: op,
  };
  return httpStatus === undefined ? base : { ...base, httpStatus };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
