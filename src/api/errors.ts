import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { DbError } from '../adapters/db/db-errors';
import { TemporalUnavailable, WorkflowAnswerInvalid } from '../temporal/temporal-errors';
import { Refused } from '../app/refusal';
import type { AppEnv } from './env';

/**
 * One error envelope for every failure: `{ error: { code, message, details?, requestId } }`.
 * Codes are a closed set mapped to HTTP statuses; unknown errors become a logged, opaque 500.
 */

const STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** A DM to a contact who opted out (asked us to stop, or was opted out by hand). */
  OPTED_OUT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DEPENDENCY_UNAVAILABLE: 503,
  /** The CRM's data API did not answer. */
  DB_UNAVAILABLE: 503,
  /** MediaPoster's data API did not answer, or answered what this CRM cannot read. */
  MEDIAPOSTER_UNAVAILABLE: 503,
  /** MEDIAPOSTER_SUPABASE_URL / _KEY are not set. */
  MEDIAPOSTER_NOT_CONFIGURED: 503,
  /** The Temporal server did not answer (starting, signalling or reading a workflow). */
  TEMPORAL_UNAVAILABLE: 503,
  /** The account's Safari Automation server did not answer. */
  SAFARI_UNAVAILABLE: 503,
  /** A workflow answered in a shape its contract does not describe (a worker on other code, most likely). */
  WORKFLOW_ANSWER_INVALID: 502,
} as const;

export type ApiErrorCode = keyof typeof STATUS;

export class ApiError extends HTTPException {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(STATUS[code], { message });
  }
}

export function errorResponse(
  c: Context<AppEnv>,
  code: ApiErrorCode,
  message: string,
  details?: unknown,
  headers?: Record<string, string>,
) {
  const error = { code, message, ...(details === undefined ? {} : { details }), requestId: c.get('requestId') ?? null };
  return c.json({ error }, STATUS[code], headers);
}

/** zod issues without the rejected values: a bad secret must not be echoed back. */
export function describeZodError(err: ZodError) {
  return err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export function validationHook(result: { success: boolean; error?: ZodError; target: string }, c: Context<AppEnv>) {
  if (result.success || !result.error) return undefined;
  return errorResponse(c, 'VALIDATION_FAILED', `Invalid request ${result.target}`, describeZodError(result.error));
}

const FROM_STATUS: Record<number, ApiErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'DEPENDENCY_UNAVAILABLE',
};

export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof ApiError || err instanceof Refused) return errorResponse(c, err.code, err.message, err.details);
  // An outage is a 503 naming what is down, whichever route met it (its message may hold addresses: logged, not sent).
  if (err instanceof DbError && err.code === 'DB_UNAVAILABLE') {
    c.get('log')?.warn({ err: err.message }, 'the CRM database did not answer');
    return errorResponse(c, 'DB_UNAVAILABLE', 'The CRM database did not answer; try again shortly');
  }
  if (err instanceof TemporalUnavailable) {
    c.get('log')?.warn({ err: err.message }, 'Temporal did not answer');
    return errorResponse(
      c,
      'TEMPORAL_UNAVAILABLE',
      'Temporal did not answer; try again shortly (the same request joins whatever did start)',
    );
  }
  if (err instanceof WorkflowAnswerInvalid) {
    c.get('log')?.error({ err: err.message }, 'a workflow answered outside its contract');
    return errorResponse(
      c,
      'WORKFLOW_ANSWER_INVALID',
      `The ${err.what} did not match what this API expects; the worker may run other code`,
    );
  }
  if (err instanceof HTTPException && FROM_STATUS[err.status]) {
    return errorResponse(c, FROM_STATUS[err.status]!, err.message || 'Request rejected');
  }
  c.get('log')?.error({ err }, 'unhandled error');
  return errorResponse(c, 'INTERNAL', 'Internal error; the request id identifies it in the logs');
}
