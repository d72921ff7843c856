import assert from 'node:assert/strict';
import type { SupabaseClient } from '@supabase/supabase-js';

/** Seeding and inspecting through the data API (service role), as the application itself does. */

export type Json = Record<string, unknown>;

export async function insertRows(db: SupabaseClient, table: string, rows: Json[]): Promise<string[]> {
  const { data, error } = await db.from(table).insert(rows).select('id');
  assert.equal(error, null);
  return (data as { id: string }[]).map((r) => r.id);
}

export async function read<T>(query: PromiseLike<{ data: unknown; error: unknown }>): Promise<T[]> {
  const { data, error } = await query;
  assert.equal(error, null);
  return data as T[];
}
