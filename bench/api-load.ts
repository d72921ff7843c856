import { TEST_API_KEY } from '../test/helpers/api';
import { pool } from './outreach-fixture';

/**
 * The contacts API under load for `npm run bench -- databases`: CONCURRENCY clients, each request
 * picked from a fixed mix by its number, so every backend gets exactly the same requests.
 */

type Figures = Record<string, number>;
const CONCURRENCY = 32;
/** Contacts the database is seeded with before the load (person_1 … person_SEEDED). */
export const SEEDED = 10_000;

/** One request of the mix, by number: 40 % list pages, 20 % searches, 15 % details, 15 % creates, 10 % updates. */
function mixRequest(base: string, n: number): { url: string; body?: object; expect: number } {
  const k = 1 + ((n * 7919) % SEEDED);
  const slot = n % 20;
  const lists = [
    'limit=50',
    'sort=recent&limit=50',
    `tag=tag${n % 20}&limit=50`,
    'min_score=50&sort=username&limit=50',
  ];
  if (slot < 8) return { url: `${base}/api/contacts?${lists[n % 4]}`, expect: 200 };
  if (slot < 12) return { url: `${base}/api/contacts?q=person_${k % 1000}&limit=20`, expect: 200 };
  if (slot < 15) return { url: `${base}/api/contacts/person_${k}`, expect: 200 };
  if (slot < 18)
    return {
      url: `${base}/api/contacts`,
      body: { username: `new_${n}`, display_name: `New ${n}`, tags: ['api'] },
      expect: 201,
    };
  return {
    url: `${base}/api/contacts`,
    body: { username: `person_${k}`, notes: `note ${n}`, tags: [`tag${k % 20}`, 'updated'] },
    expect: 200,
  };
}

export async function load(base: string, from: number, count: number): Promise<Figures> {
  const reads: number[] = [];
  const writes: number[] = [];
  let failed = 0;
  const started = performance.now();
  await pool(
    Array.from({ length: count }, (_, i) => from + i),
    CONCURRENCY,
    async (n) => {
      const r = mixRequest(base, n);
      const t = performance.now();
      const res = await fetch(
        r.url,
        r.body
          ? {
              method: 'POST',
              headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
              body: JSON.stringify(r.body),
            }
          : { headers: { 'x-api-key': TEST_API_KEY } },
      );
      await res.arrayBuffer();
      if (res.status !== r.expect) failed++;
      (r.body ? writes : reads).push(performance.now() - t);
    },
  );
  const ms = performance.now() - started;
  const at = (xs: number[], p: number) =>
    Number([...xs].sort((a, b) => a - b)[Math.ceil(p * xs.length) - 1]!.toFixed(1));
  const all = [...reads, ...writes];
  return {
    requests: count,
    perS: Number(((count / ms) * 1000).toFixed(1)),
    p50Ms: at(all, 0.5),
    p95Ms: at(all, 0.95),
    p99Ms: at(all, 0.99),
    readP95Ms: at(reads, 0.95),
    writeP95Ms: at(writes, 0.95),
    failed,
  };
}
