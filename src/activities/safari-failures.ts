import { ApplicationFailure } from '@temporalio/common';
import type { SafariResult } from '../adapters/safari/safari-client';

type SafariFailure = Extract<SafariResult<unknown>, { ok: false }>;

/**
 * A Safari outcome as an activity failure: its code is the failure type, and the adapter's
 * retrySafe decides whether Temporal may try again (a send of unknown outcome never is).
 */
export function safariFailure(result: SafariFailure, details: unknown[] = []): ApplicationFailure {
  return ApplicationFailure.create({
    type: result.code,
    message: `Safari ${result.operation}: ${result.message}`,
    nonRetryable: !result.retrySafe,
    details,
  });
}
