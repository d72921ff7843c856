import { UUID } from './values';

/**
 * The opaque keyset cursor of the contact list: the sort it belongs to, its last row's sort key and
 * id. It comes back from clients, so a decoded key is checked against what its column can hold:
 * the database would otherwise be asked to compare a smallint with 1e20, or a timestamp with
 * "not a time", and answer with an error of its own (a 500) instead of the client's (a 400).
 */

export const CONTACT_SORTS = ['score', 'recent', 'username', 'created'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** Where the previous page ended: the sort it belongs to, its last row's sort key and id. */
export interface ContactCursor {
  sort: ContactSort;
  order: SortOrder;
  value: string | number | null;
  id: string;
}

// The ISO form PostgREST renders a timestamptz in (2026-11-24T08:00:00.123456+00:00), years 1-9999.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2}):(\d{2}))$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** A real instant in that form: no 30 February, no hour 25, an offset Postgres takes (under 16 hours). */
export function isTimestamp(value: unknown): value is string {
  const m = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
  if (!m) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = m
    .slice(1)
    .map((part) => Number(part ?? 0));
  const days = month === 2 && leap(year) ? 29 : DAYS[month - 1];
  return (
    year >= 1 &&
    days !== undefined &&
    day >= 1 &&
    day <= days &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours < 16 &&
    offsetMinutes < 60
  );
}

// A username as the column keeps it: 1-64 characters, lower case, no control character (Postgres
// text holds no NUL) and no lone surrogate (not text at all).
const USERNAME = /^[^\p{Cc}\p{Cs}]{1,64}$/u;
const isUsername = (v: unknown): v is string => typeof v === 'string' && USERNAME.test(v) && v === v.toLowerCase();

/** What each sort's key may be; null only where the column may be null (such rows come last). */
const KEY_FITS: Record<ContactSort, (v: unknown) => boolean> = {
  score: (v) => v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100),
  recent: (v) => v === null || isTimestamp(v),
  username: (v) => v === null || isUsername(v),
  created: isTimestamp,
};

/** Opaque to clients: base64url of the JSON key. */
export function encodeCursor(c: ContactCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.order, c.value, c.id])).toString('base64url');
}

/** Null for anything this server did not produce (it is then a client mistake, not a server error). */
export function decodeCursor(raw: string): ContactCursor | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return null;
  const [sort, order, value, id] = parsed as unknown[];
  if (!CONTACT_SORTS.includes(sort as ContactSort) || (order !== 'asc' && order !== 'desc')) return null;
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  return KEY_FITS[sort as ContactSort](value)
    ? { sort: sort as ContactSort, order, value: value as string | number | null, id }
    : null;
}
