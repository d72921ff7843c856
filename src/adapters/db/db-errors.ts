import { z } from 'zod';

/**
 * Data-API failures as string codes that survive Temporal's serialization and say whether a
 * retry can help. PostgREST reports Postgres SQLSTATEs in `code`, its own errors as PGRSTxxx.
 */

export type DbErrorCode = 'DB_UNAVAILABLE' | 'DB_CONFLICT' | 'DB_INVALID' | 'DB_FORBIDDEN' | 'DB_ERROR';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

interface PostgrestLikeError {
  code?: string;
  message?: string;
}

export function toDbError(operation: string, err: PostgrestLikeError, status?: number): DbError {
  const code = err.code ?? '';
  const what = `${operation}: ${err.message ?? 'unknown error'}`;
  if (status === undefined || status === 0 || status >= 502 || code.startsWith('PGRST00') || code.startsWith('08')) {
    return new DbError('DB_UNAVAILABLE', what, true);
  }
  if (code === '40001' || code === '40P01' || code === '55P03') return new DbError('DB_CONFLICT', what, true);
  if (code === '23505') return new DbError('DB_CONFLICT', what, false);
  if (code === '42501' || status === 401 || status === 403) return new DbError('DB_FORBIDDEN', what, false);
  if (code.startsWith('22') || code.startsWith('23') || status === 400) return new DbError('DB_INVALID', what, false);
  return new DbError('DB_ERROR', what, status >= 500);
}

/** Unwraps a supabase-js result, throwing a coded DbError instead of returning `{ error }`. */
export function unwrap<T>(
  operation: string,
  result: { data: T | null; error: PostgrestLikeError | null; status?: number },
): T {
  if (result.error) throw toDbError(operation, result.error, result.status);
  return result.data as T;
}

/** What a data API returned, checked against the shape the caller relies on: anything else is DB_INVALID. */
export function parseRow<T extends z.ZodType>(operation: string, schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new DbError('DB_INVALID', `${operation}: unexpected answer: ${z.prettifyError(parsed.error)}`, false);
}
