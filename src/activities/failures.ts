import { ApplicationFailure } from '@temporalio/common';
import { UseCaseFailure } from '../app/failure';

/**
 * Turns an adapter error into an ApplicationFailure whose `type` is the error's string code
 * (never a class name, which minification or a rename would silently change) and whose
 * `nonRetryable` follows the adapter's own judgement.
 */
export function toApplicationFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const coded = err as { code?: unknown; retryable?: unknown; message?: unknown };
  const type = typeof coded.code === 'string' ? coded.code : 'UNEXPECTED';
  const message = typeof coded.message === 'string' ? coded.message : String(err);
  const retryable = typeof coded.retryable === 'boolean' ? coded.retryable : true;
  const details = err instanceof UseCaseFailure && err.details !== undefined ? [err.details] : undefined;
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: !retryable,
    details,
    cause: err instanceof Error ? err : undefined,
  });
}

/** Runs an activity body, converting whatever it throws. */
export async function coded<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw toApplicationFailure(err);
  }
}
