import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Connection } from '@temporalio/client';
import { createLogger } from '../../src/adapters/logging/logger';
import { createApiDeps } from '../../src/api/api-deps';
import { createApp } from '../../src/api/app';
import { loadConfig } from '../../src/config';
import { createTemporalClient } from '../../src/temporal/client';
import { jsonBody, withKey } from '../helpers/api';
import { eventually } from '../helpers/outreach-stack';
import { startOutageProxy, type OutageProxy } from '../helpers/outage-proxy';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import { startTestTemporal, uniqueTaskQueue } from '../helpers/temporal';
import { TEST_ENV } from '../helpers/test-env';
import { startSimulator } from '../simulator/sim-fixture';

// Each dependency stalled, not stopped: it accepts connections and never answers. The data APIs
// are stopped with SIGSTOP (the process listening on their port), Safari and Temporal behind a TCP
// hop that stops forwarding. The API is wired by its composition root from config, so these are
// the deadlines a deployment gets: each request is answered 503 with the dependency's code once
// its deadline has passed, /health names what is down, and all is well again once it answers.

/** Far below "hangs" (the issue saw more than 40 s without an answer), far above every deadline here. */
const ANSWER_BOUND_MS = 20_000;
const DEADLINES = {
  CRM_DB_TIMEOUT_MS: '2000',
  CRM_DB_WRITE_TIMEOUT_MS: '3000',
  MEDIAPOSTER_TIMEOUT_MS: '2000',
  SAFARI_TIMEOUT_STATUS_MS: '2000',
  TEMPORAL_TIMEOUT_MS: '3000',
};

let crm: TestSupabase;
let mp: TestSupabase;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let safariHop: OutageProxy;
let temporalHop: OutageProxy;
let connection: Connection;
let app: ReturnType<typeof createApp>;

before(async () => {
  [crm, mp, env, sim] = await Promise.all([
    startTestSupabase('pglite'),
    startTestSupabase('pglite', 'mediaposter'),
    startTestTemporal(),
    startSimulator({ flavor: 'head' }),
  ]);
  [safariHop, temporalHop] = await Promise.all([startOutageProxy(sim.url), startOutageProxy(`http://${env.address}`)]);
  const config = loadConfig({
    ...TEST_ENV,
    ...DEADLINES,
    CRM_SUPABASE_URL: crm.url,
    CRM_SUPABASE_KEY: crm.serviceRoleKey,
    MEDIAPOSTER_SUPABASE_URL: mp.url,
    MEDIAPOSTER_SUPABASE_KEY: mp.serviceRoleKey,
    SAFARI_API_URL: safariHop.url,
    TEMPORAL_ADDRESS: new URL(temporalHop.url).host,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('stalled'),
  });
  const temporal = createTemporalClient(config.temporal);
  connection = temporal.connection;
  const deps = createApiDeps(config, temporal.client, createLogger({ level: 'silent', name: 'test-api' }));
  await deps.accounts.ensure(config.server.accountId, config.safari.baseUrl);
  app = createApp(deps);
});
after(async () => {
  for (const s of [crm, mp]) s?.resume();
  await connection?.close();
  await Promise.all([safariHop?.close(), temporalHop?.close(), sim?.close()]);
  await Promise.all([crm?.stop(), mp?.stop(), env?.teardown()]);
});

interface Answer {
  status: number;
  code?: string;
  down?: string[];
  ms: number;
}

/** The request's answer and how long it took; failing, with the path, if none comes within the bound. */
async function ask(path: string, init: RequestInit = {}): Promise<Answer> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`${path}: no answer within ${ANSWER_BOUND_MS} ms`)), ANSWER_BOUND_MS)),
  );
  try {
    const res = await Promise.race([app.request(path, path === '/health' ? init : withKey(init)), bound]);
    const body = (await res.json()) as { error?: { code: string }; down?: string[] };
    return { status: res.status, code: body.error?.code, down: body.down, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Answered by the deadline, not by a refused connection: the 503 came no sooner than the deadline. */
function afterDeadline(answer: Answer, deadlineMs: string, what: string) {
  assert.ok(
    answer.ms >= Number(deadlineMs) - 1,
    `${what} answered after ${Math.round(answer.ms)} ms, before its ${deadlineMs} ms deadline`,
  );
}

/** While `stall` holds, the route answers 503 `code` and /health names `probe`; afterwards both are well. */
async function whileStalled(o: {
  stall: () => void;
  resume: () => void;
  path: string;
  init?: () => RequestInit;
  ok: number[];
  code: string;
  probe: string;
  deadlineMs: string;
}) {
  const before = await ask(o.path, o.init?.());
  assert.ok(
    o.ok.includes(before.status),
    `${o.path} answers while its dependency does (${before.status} ${before.code})`,
  );
  o.stall();
  try {
    const [route, health] = await Promise.all([ask(o.path, o.init?.()), ask('/health')]);
    assert.equal(route.status, 503);
    assert.equal(route.code, o.code);
    afterDeadline(route, o.deadlineMs, o.path);
    assert.equal(health.status, 503);
    assert.deepEqual(health.down, [o.probe], '/health names what is down, and only that');
  } finally {
    o.resume();
  }
  await eventually(
    async () => (await ask(o.path, o.init?.())).status,
    (s) => o.ok.includes(s),
    `${o.path} to answer ${o.ok.join(' or ')} again once its dependency does`,
  );
  await eventually(
    async () => (await ask('/health')).status,
    (s) => s === 200,
    '/health to answer 200 again',
  );
}

describe('a dependency that accepts connections and never answers', () => {
  it("the CRM's data API: GET /api/contacts answers 503 DB_UNAVAILABLE", async () => {
    await whileStalled({
      stall: crm.stall,
      resume: crm.resume,
      path: '/api/contacts',
      ok: [200],
      code: 'DB_UNAVAILABLE',
      probe: 'crm_database',
      deadlineMs: DEADLINES.CRM_DB_TIMEOUT_MS,
    });
  });

  it("the CRM's data API: a write (POST /api/contacts) answers 503 DB_UNAVAILABLE too", async () => {
    const init = () => jsonBody({ username: 'stalled_write' });
    await whileStalled({
      stall: crm.stall,
      resume: crm.resume,
      path: '/api/contacts',
      init,
      ok: [200, 201],
      code: 'DB_UNAVAILABLE',
      probe: 'crm_database',
      deadlineMs: DEADLINES.CRM_DB_TIMEOUT_MS,
    });
  });

  it("MediaPoster's data API: GET /api/mediaposter/videos answers 503 MEDIAPOSTER_UNAVAILABLE", async () => {
    await whileStalled({
      stall: mp.stall,
      resume: mp.resume,
      path: '/api/mediaposter/videos',
      ok: [200],
      code: 'MEDIAPOSTER_UNAVAILABLE',
      probe: 'mediaposter',
      deadlineMs: DEADLINES.MEDIAPOSTER_TIMEOUT_MS,
    });
  });

  it('the Safari server: GET /api/status answers 503 SAFARI_UNAVAILABLE', async () => {
    await whileStalled({
      stall: safariHop.stall,
      resume: safariHop.up,
      path: '/api/status',
      ok: [200],
      code: 'SAFARI_UNAVAILABLE',
      probe: 'safari',
      deadlineMs: DEADLINES.SAFARI_TIMEOUT_STATUS_MS,
    });
  });

  it('Temporal: a workflow start (contact import) answers 503 TEMPORAL_UNAVAILABLE', async () => {
    const init = () => jsonBody({ contacts: [{ username: 'stalled_import' }] });
    await whileStalled({
      stall: temporalHop.stall,
      resume: temporalHop.up,
      path: '/api/contacts/import',
      init,
      ok: [202],
      code: 'TEMPORAL_UNAVAILABLE',
      probe: 'temporal',
      deadlineMs: DEADLINES.TEMPORAL_TIMEOUT_MS,
    });
  });

  it("Temporal: GET /api/status still answers, the pacing from the database's rules instead of the sender's query", async () => {
    temporalHop.stall();
    try {
      const status = await ask('/api/status');
      assert.equal(status.status, 200, `answered ${status.code}`);
      afterDeadline(status, DEADLINES.TEMPORAL_TIMEOUT_MS, 'the status (it asked the sender first)');
    } finally {
      temporalHop.up();
    }
  });
});
