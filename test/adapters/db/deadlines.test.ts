import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DbError, unwrap } from '../../../src/adapters/db/db-errors';
import { READ_FUNCTIONS } from '../../../src/adapters/db/deadlines';
import { createSupabase } from '../../../src/adapters/db/supabase';

// A data API that accepts connections and never answers: each call ends, DB_UNAVAILABLE, once its
// deadline has passed (reads soon, writes later), instead of being held open for minutes.

/** Far below "hangs" (undici alone waits 300 s for headers) and far above any deadline used here. */
const ANSWER_BOUND_MS = 20_000;

/** A server that accepts every connection, reads what it is sent, and never answers. */
async function blackHole(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((s) => {
    accepted += 1;
    sockets.add(s);
    s.on('data', () => undefined);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections: () => accepted,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The call's outcome and how long it took, failing the test if it takes longer than the bound. */
async function timed(what: string, call: () => Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_BOUND_MS} ms`)), ANSWER_BOUND_MS)),
  );
  try {
    const err = await Promise.race([
      call().then(
        () => null,
        (e: unknown) => e,
      ),
      bound,
    ]);
    return { err, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

const deadlines = { readMs: 300, writeMs: 1_500 };
/** Timers may fire a little early by the performance clock: a millisecond's grace. */
const atLeast = (ms: number, deadline: number, what: string) =>
  assert.ok(ms >= deadline - 1, `${what} ended after ${Math.round(ms)} ms, before its ${deadline} ms deadline`);

describe('data API deadlines against a server that never answers', () => {
  let hole: Awaited<ReturnType<typeof blackHole>>;
  before(async () => {
    hole = await blackHole();
  });
  after(async () => {
    await hole?.close();
  });

  it('a read ends DB_UNAVAILABLE at its deadline, asked once (supabase-js does not retry it)', async () => {
    const db = createSupabase({ url: hole.url, key: 'unused-service-role-key-000', deadlines });
    const before = hole.connections();
    const { err, ms } = await timed('a read', async () =>
      unwrap('read contacts', await db.from('contacts').select('id').limit(1)),
    );
    assert.ok(err instanceof DbError, `a DbError (${String(err)})`);
    assert.equal(err.code, 'DB_UNAVAILABLE');
    assert.equal(err.retryable, true);
    assert.match(err.message, /within 300 ms/);
    atLeast(ms, deadlines.readMs, 'the read');
    assert.equal(hole.connections() - before, 1, 'one request, no retries behind it');
  });

  it('a database function that writes is given the write deadline, one that reads the read deadline', async () => {
    const db = createSupabase({ url: hole.url, key: 'unused-service-role-key-000', deadlines });
    const ended: string[] = [];
    const call = (fn: string) =>
      timed(fn, async () => {
        try {
          unwrap(fn, await db.rpc(fn, {}));
        } finally {
          ended.push(fn);
        }
      });
    const [write, read] = await Promise.all([call('crm_sync_inbox'), call('crm_outreach_snapshot')]);
    assert.deepEqual(ended, ['crm_outreach_snapshot', 'crm_sync_inbox'], 'the read ended first');
    for (const { err } of [write, read]) assert.equal((err as DbError).code, 'DB_UNAVAILABLE');
    atLeast(write.ms, deadlines.writeMs, 'the write');
    atLeast(read.ms, deadlines.readMs, 'the read');
  });
});

describe('a data API that sends its headers and stalls in the body', () => {
  let server: HttpServer;
  let url: string;
  before(async () => {
    server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"id":'); // and nothing more
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is given up at the same deadline: the body is read within it', async () => {
    const db = createSupabase({ url, key: 'unused-service-role-key-000', deadlines });
    const { err, ms } = await timed('a read', async () =>
      unwrap('read contacts', await db.from('contacts').select('id')),
    );
    assert.equal((err as DbError).code, 'DB_UNAVAILABLE');
    atLeast(ms, deadlines.readMs, 'the read');
  });
});

describe('READ_FUNCTIONS', () => {
  /** Each function's latest definition in the migrations: does it only read (stable or immutable)? */
  const readsOnly = new Map<string, boolean>();
  const dir = 'supabase/migrations';
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const sql = readFileSync(join(dir, file), 'utf8');
    for (const m of sql.matchAll(/create or replace function public\.(\w+)\s*\(([\s\S]*?)\$\$/gi)) {
      readsOnly.set(m[1]!, /\b(stable|immutable)\b/i.test(m[2]!));
    }
  }
  const called = new Set<string>();
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
    );
  for (const file of walk('src/adapters').filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'(crm_\w+)'/g)) if (readsOnly.has(m[1]!)) called.add(m[1]!);
  }

  it('lists only functions that read: a write is never cut short by the read deadline', () => {
    assert.deepEqual(
      [...READ_FUNCTIONS].filter((fn) => readsOnly.get(fn) !== true),
      [],
    );
  });

  it('lists every reading function the adapters call: a read is not left waiting as long as a write', () => {
    assert.ok(called.size > 20, `found the functions the adapters call (${called.size})`);
    assert.deepEqual(
      [...called].filter((fn) => readsOnly.get(fn) && !READ_FUNCTIONS.has(fn)),
      [],
    );
  });
});
