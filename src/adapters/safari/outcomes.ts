/**
 * How a Safari Automation call ended, as a closed set of string codes that cross every boundary
 * (activities turn them into ApplicationFailure types). The classification lives here, apart from the
 * transport, so it can be read and tested as a table.
 */

export const SAFARI_OUTCOMES = [
  'OK',
  'RATE_LIMITED',
  'OUTSIDE_HOURS',
  'SESSION_MISSING',
  'NOT_FOUND',
  'SOFT_FAILURE',
  'INVALID',
  'SERVER_ERROR',
  'OUTCOME_UNKNOWN',
] as const;
export type SafariOutcome = (typeof SAFARI_OUTCOMES)[number];
export type SafariFailureCode = Exclude<SafariOutcome, 'OK'>;

/** Every operation the client performs; sends are the only ones with an effect a retry can duplicate. */
export const SAFARI_OPERATIONS = [
  'health',
  'rateLimits',
  'status',
  'sessionStatus',
  'navigateInbox',
  'switchTab',
  'listConversations',
  'listAllConversations',
  'openConversation',
  'readMessages',
  'readThread',
  'startConversation',
  'profile',
  'threadRegistry',
  'registerThread',
  'sendTo',
] as const;
export type SafariOperation = (typeof SAFARI_OPERATIONS)[number];

export const isSendOperation = (op: SafariOperation): boolean => op === 'sendTo';

/**
 * Whether repeating the same call (after a back-off) is harmless and may succeed.
 * - INVALID and NOT_FOUND are answers about the input: the same call fails the same way.
 * - Reads are idempotent, so any other outcome may be retried.
 * - A send may be retried only when the server refused before touching the browser (429 middleware,
 *   session middleware, block banner checked before typing) or reported its own exception (500).
 *   OK, SOFT_FAILURE and OUTCOME_UNKNOWN are not: HEAD's send-to falls back to a second strategy after
 *   an unverified first send (defect B2), so even a reported failure may have delivered the DM;
 *   the caller must read the thread before sending again.
 */
export function retrySafe(code: SafariOutcome, operation: SafariOperation): boolean {
  if (code === 'INVALID' || code === 'NOT_FOUND') return false;
  if (!isSendOperation(operation)) return true;
  return code === 'RATE_LIMITED' || code === 'OUTSIDE_HOURS' || code === 'SESSION_MISSING' || code === 'SERVER_ERROR';
}

/** Instagram's own block banner, as HEAD reports it and as ccf4331 passes the page text through. */
const BLOCKED_TEXT = /action blocked|try again later|temporarily blocked|slow down|too many requests|rate limit/i;

export interface Classified {
  code: SafariOutcome;
  message: string;
}

/**
 * Reads an HTTP answer. `body` is the parsed JSON, or undefined when it was not JSON (Express's own
 * 404 page is HTML). Schema validation of an OK body happens afterwards, in the client.
 */
export function classifyHttp(status: number, body: unknown, operation: SafariOperation): Classified {
  const error = errorText(body);
  if (status === 429) {
    const hours = /active hours/i.test(error);
    return { code: hours ? 'OUTSIDE_HOURS' : 'RATE_LIMITED', message: error || 'HTTP 429' };
  }
  if (status === 503) return { code: 'SESSION_MISSING', message: error || 'HTTP 503' };
  if (status === 404) return { code: 'NOT_FOUND', message: error || 'HTTP 404' };
  if (status >= 400 && status < 500) return { code: 'INVALID', message: error || `HTTP ${status}` };
  // The real server never answers 502/504 itself: they come from a proxy that lost the upstream answer.
  if ((status === 502 || status === 504) && isSendOperation(operation)) {
    return { code: 'OUTCOME_UNKNOWN', message: `HTTP ${status} from a proxy: the send may have happened` };
  }
  if (status >= 500 || status < 200 || status >= 300)
    return { code: 'SERVER_ERROR', message: error || `HTTP ${status}` };
  if (!isRecord(body)) return malformed(operation, 'body is not a JSON object');
  if (body.rateLimited === true) return { code: 'RATE_LIMITED', message: error || 'rateLimited: true' };
  if (body.success === false) {
    return { code: BLOCKED_TEXT.test(error) ? 'RATE_LIMITED' : 'SOFT_FAILURE', message: error || 'success: false' };
  }
  return { code: 'OK', message: 'ok' };
}

/** A 2xx answer we cannot read: for a send the server did act, so its effect is unknown. */
export function malformed(operation: SafariOperation, detail: string): Classified {
  const code = isSendOperation(operation) ? 'OUTCOME_UNKNOWN' : 'SERVER_ERROR';
  return { code, message: `malformed answer: ${detail}` };
}

/**
 * A request that got no answer. If it may have been delivered (timeout, reset) the outcome is unknown;
 * if the connection was refused nothing reached the server, which is a plain server error.
 */
export function classifyTransportError(err: unknown): Classified {
  const detail = describeError(err);
  // Never connected (our own address guard included): nothing reached the server.
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|refused to dial/.test(detail)) {
    return { code: 'SERVER_ERROR', message: `unreachable: ${detail}` };
  }
  return { code: 'OUTCOME_UNKNOWN', message: `no answer: ${detail}` };
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const causeText = cause instanceof Error ? ` (${(cause as { code?: string }).code ?? cause.message})` : '';
  return `${err.name}: ${err.message}${causeText}`;
}

function errorText(body: unknown): string {
  return isRecord(body) && typeof body.error === 'string' ? body.error : '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
