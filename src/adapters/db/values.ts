/** Shapes every adapter checks the same way. */

/** A Postgres uuid as text; ids that are not one cannot name a row, so they are answered without a query. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A timestamptz as an ISO string in UTC (Z), whatever the database's rendering (+00:00). */
export const iso = <T extends string | null>(t: T): T => (t === null ? t : (new Date(t).toISOString() as T));
