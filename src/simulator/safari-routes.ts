import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Fault } from './faults';
import { ok, type SimHandler, type SimReply, type SimRequest } from './handler-types';
import { inboxHandlers } from './inbox-handlers';
import { infoHandlers } from './info-handlers';
import { latencyOf, ROUTES, type RouteSpec } from './route-table';
import { sendHandlers } from './send-handlers';
import { threadHandlers } from './thread-handlers';
import { blockBannerBody, MALFORMED_BODY, SESSION_MISSING_BODY, softFailureBody } from './shapes';
import type { World } from './world';

/**
 * The Safari API routes and the path every request takes, in the real server's order: injected fault,
 * HEAD's session middleware, the send rate limiter, then the handler inside the (timed) browser.
 */

export function mountSafariRoutes(app: Hono, w: World, closing: AbortSignal): void {
  const handlers: Record<string, SimHandler> = {
    ...infoHandlers(w),
    ...inboxHandlers(w),
    ...sendHandlers(w),
    ...threadHandlers(w),
  };
  for (const spec of ROUTES) {
    if (spec.headOnly && w.flavor !== 'head') continue;
    const handler = handlers[`${spec.method} ${spec.id}`];
    if (!handler) throw new Error(`no simulator handler for ${spec.method} ${spec.id}`);
    app.on(spec.method, spec.id, async (c) => {
      w.ledger.countRequest(spec.id, c.req.header('x-api-key'));
      const req: SimRequest = { body: await readBody(c), query: c.req.query(), params: c.req.param() };
      return respond(c, await serve(w, spec, handler, req, AbortSignal.any([c.req.raw.signal, closing]), closing));
    });
  }
}

async function serve(
  w: World,
  spec: RouteSpec,
  handler: SimHandler,
  req: SimRequest,
  gone: AbortSignal,
  closing: AbortSignal,
): Promise<SimReply> {
  const fault = w.faults.next(spec.id);
  const early = fault ? faultReply(w, fault, spec, req) : null;
  if (early) return early;
  if (w.flavor === 'head' && spec.session && !w.session.active) return { status: 503, body: SESSION_MISSING_BODY };
  if (spec.limited) {
    const rejection = w.limiter.check(w.clock.now(), w.clock.localHour(w.utcOffsetMinutes));
    if (rejection) return rejection;
  }
  if (fault?.kind === 'timeout_then_send' || fault?.kind === 'timeout_no_send')
    return neverAnswered(fault, handler, req, gone, closing);
  const slowMs = fault?.kind === 'slow' ? (fault.delayMs ?? Math.max(1_000, 30_000 * w.latencyScale)) : 0;
  const reply = await timed(w, spec, slowMs, () => handler(req));
  // The action is done (a DM really went out) but the answer never leaves: held until the client gives up.
  if (fault?.kind === 'send_then_timeout') await untilAborted(gone);
  // The action is done, yet the answer reports a failure (HEAD's second strategy after an unverified first).
  if (fault?.kind === 'send_then_soft_failure') return ok(softFailureBody(spec.id, req.body, w.limiter.counters()));
  return reply;
}

/**
 * Runs the handler after the route's duration. The real server keeps driving Safari after the client
 * has gone, so the wait does not end early; browser routes count towards the overlap detector.
 */
async function timed(w: World, spec: RouteSpec, extraMs: number, act: () => SimReply): Promise<SimReply> {
  const ms = latencyOf(spec, w.flavor, w.latencyScale) + extraMs;
  if (spec.browser) w.ledger.enterBrowser();
  try {
    await sleep(ms);
    return act();
  } finally {
    if (spec.browser) w.ledger.leaveBrowser();
  }
}

/**
 * The client gives up first. With 'timeout_then_send' the server is still typing then and the DM
 * lands `delayMs` later (the real server has no cancellation) — after a read-back may have looked.
 */
async function neverAnswered(
  fault: Fault,
  handler: SimHandler,
  req: SimRequest,
  gone: AbortSignal,
  closing: AbortSignal,
): Promise<SimReply> {
  await untilAborted(gone);
  if (fault.kind === 'timeout_then_send' && !closing.aborted) {
    const land = setTimeout(() => void (closing.aborted || handler(req)), fault.delayMs ?? 0);
    closing.addEventListener('abort', () => clearTimeout(land), { once: true });
  }
  return { status: 504, body: { error: 'no answer' } }; // never read: the client has gone
}

function faultReply(w: World, fault: Fault, spec: RouteSpec, req: SimRequest): SimReply | null {
  const counters = w.limiter.counters();
  switch (fault.kind) {
    case 'rate_limit':
      return { status: 429, body: { error: 'Hourly rate limit exceeded' } };
    case 'session_missing':
      return { status: 503, body: SESSION_MISSING_BODY };
    case 'server_error':
      return { status: 500, body: { error: 'Error: osascript timed out after 30000ms' } };
    case 'soft_failure':
      return ok(softFailureBody(spec.id, req.body, counters));
    case 'block_banner':
      return ok(blockBannerBody(w.flavor, spec.id, req.body, counters));
    case 'malformed':
      return { status: 200, raw: MALFORMED_BODY };
    default:
      return null;
  }
}

async function readBody(c: Context): Promise<Record<string, unknown>> {
  if (c.req.method === 'GET') return {};
  const body: unknown = await c.req.json().catch(() => ({}));
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function respond(c: Context, reply: SimReply): Response {
  const status = reply.status as ContentfulStatusCode;
  if (reply.raw === undefined) return c.json(reply.body, status);
  const type = reply.raw.startsWith('<') ? 'text/html; charset=utf-8' : 'application/json';
  return c.body(reply.raw, status, { 'content-type': type });
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
