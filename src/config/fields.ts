import { z } from 'zod';

/**
 * Field builders shared by every config section. Each one parses a raw environment string,
 * so a value like "0" stays 0 and "false" stays false (the original server's `|| default` did not).
 */

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

export const httpUrl = () =>
  z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).transform((u) => u.replace(/\/+$/, ''));

export const optionalHttpUrl = () => emptyAsUndefined(httpUrl().optional());

export const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const positiveNumber = (fallback: number) => z.coerce.number().positive().default(fallback);

/** Booleans accept only the explicit words, so a typo fails instead of silently meaning true. */
export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const secret = (minLength: number) =>
  z.string().min(minLength, { message: `must be at least ${minLength} characters` });

export const optionalString = () => emptyAsUndefined(z.string().min(1).optional());

/** An unset key and an empty one (KEY= in a .env file) both mean "not configured". */
export function emptyAsUndefined<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema);
}

/** "30d", "12h", "45m", "90s" or "off" (= 0), in milliseconds. */
export const duration = (fallback: string) =>
  z
    .string()
    .regex(/^(off|\d+(s|m|h|d))$/, 'must be like 30d, 12h, 45m, 90s, or off')
    .default(fallback)
    .transform((v) =>
      v === 'off'
        ? 0
        : Number(v.slice(0, -1)) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[v.slice(-1) as 's'],
    );
