import { unwrap } from './db-errors';

/**
 * Reads every row of a query in pages, keyed by `id` (keyset paging: each page is an index range
 * scan, however deep). A Supabase project caps a response at 1000 rows, so nothing may assume
 * one request returns everything.
 */
export const PAGE_SIZE = 1000;

type PageResult<T> = PromiseLike<{ data: T[] | null; error: { message?: string; code?: string } | null; status?: number }>;

export async function readAllById<T extends { id: string }>(
  operation: string,
  page: (afterId: string | null, limit: number) => PageResult<T>,
  onPage?: (rows: T[]) => void,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  for (;;) {
    const result = await page(after, PAGE_SIZE);
    const rows: T[] = unwrap<T[]>(operation, result);
    all.push(...rows);
    onPage?.(rows);
    if (rows.length < PAGE_SIZE) return all;
    after = rows[rows.length - 1]!.id;
  }
}
