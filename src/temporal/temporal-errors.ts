import { ServiceError } from '@temporalio/client';

/**
 * Temporal not answering, as one coded error the API maps to 503 TEMPORAL_UNAVAILABLE. The client
 * retries an unreachable server for about 20 s on its own; calls the API waits on are also given a
 * deadline, so a request fails in bounded time instead of hanging.
 */
export class TemporalUnavailable extends Error {
  readonly code = 'TEMPORAL_UNAVAILABLE';
  readonly retryable = true;
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`Temporal did not answer (${operation}): ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'TemporalUnavailable';
  }
}

/** How long one API-facing Temporal call may take, retries included (the default of TEMPORAL_TIMEOUT_MS). */
export const TEMPORAL_CALL_DEADLINE_MS = 10_000;

// gRPC status codes: UNAVAILABLE (no connection), DEADLINE_EXCEEDED (no answer in time).
const OUTAGE_CODES = new Set([14, 4]);

export function isTemporalOutage(err: unknown): boolean {
  const grpcCode = (e: unknown) =>
    typeof (e as { code?: unknown })?.code === 'number' ? (e as { code: number }).code : null;
  if (err instanceof ServiceError) return OUTAGE_CODES.has(grpcCode(err.cause) ?? -1);
  return OUTAGE_CODES.has(grpcCode(err) ?? -1) && typeof (err as { details?: unknown }).details === 'string';
}

/** Runs a client call, turning an outage into TemporalUnavailable (other errors pass unchanged). */
export async function orUnavailable<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw isTemporalOutage(err) ? new TemporalUnavailable(operation, err) : err;
  }
}

/**
 * A workflow answered (its result, its progress) in a shape its contract does not describe: a
 * worker on other code than this API, most likely. Coded, so the API answers 502, never a 500.
 */
export class WorkflowAnswerInvalid extends Error {
  readonly code = 'WORKFLOW_ANSWER_INVALID';
  constructor(
    readonly what: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(
      `The ${what} did not match its contract: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`,
    );
    this.name = 'WorkflowAnswerInvalid';
  }
}
