import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { OutreachSettings } from '../../src/activities/deps';
import { newOutreachItem } from '../../src/app/outreach/outreach-items';
import { createActivityDeps } from '../../src/activity-deps';
import { createSupabase } from '../../src/adapters/db/supabase';
import { DEFAULT_DEADLINES } from '../../src/adapters/db/deadlines';
import type { SafariClient } from '../../src/adapters/safari/safari-client';
import type { AccountOverrides } from '../../src/domain/outreach';
import type { OutreachDefaults } from '../../src/domain/outreach';
import type { OutreachKind } from '../../src/domain/send-rules';
import { DEFAULT_SCORE_WEIGHTS } from '../../src/domain/scoring';
import { createWorkflowGateway } from '../../src/temporal/workflow-gateway';
import { senderInput } from '../../src/temporal/workflow-inputs';
import { dmSenderContract } from '../../src/contracts/catalogue';
import { queueChangedSignal, type SenderTiming } from '../../src/contracts/sender';
import { createApiDeps } from '../../src/api/api-deps';
import { pokingFetch } from '../../src/adapters/webhooks/outbox-waker';
import { dispatcherWaker } from '../../src/temporal/webhook-delivery';
import { webhookInputs } from '../../src/temporal/workflow-inputs';
import { createApp } from '../../src/api/app';
import { createLogger } from '../../src/adapters/logging/logger';
import { loadConfig, type Env } from '../../src/config';
import { outreachSettingsFromConfig } from '../../src/temporal/workflow-inputs';
import { TEST_SENDER_TIMING } from './api';
import { TEST_ENV } from './test-env';

import { startTestSupabase, type BackendKind, type TestSupabase } from './supabase';
import { uniqueTaskQueue, workflowBundle } from './temporal';

/**
 * The outreach parts for one test file: the CRM data API, one or more workers on a real Temporal
 * server running the real activities, each with its own Safari client (as separate processes would
 * have), and helpers to seed accounts, contacts and queue items.
 */

/** Scaled pacing: no caps worth mentioning, no gap, always open — tests narrow what they test. */
export const OPEN_PACING: OutreachDefaults['pacing'] = {
  perHour: 10_000,
  perDay: 100_000,
  minGapMs: 0,
  maxGapMs: 0,
  activeStartHour: 0,
  activeEndHour: 24,
  timeZone: 'UTC',
  ramp: null,
  hourMs: 3_600_000,
  dayMs: 86_400_000,
};

export interface OutreachStackOptions {
  safari: () => SafariClient;
  /** A client for another account's Safari server (default: the one above, whatever the URL). */
  safariFor?: (baseUrl: string) => SafariClient;
  safariUrl: string;
  /** Environment for an API built by `api()` (the worker side then runs with the same outreach settings). */
  env?: Env;
  workers?: number;
  timing?: Partial<SenderTiming>;
  outreach?: Partial<Omit<OutreachSettings, 'defaults' | 'senderInput'>> & { defaults?: Partial<OutreachDefaults> };
  mediaPoster?: TestSupabase;
  /** The CRM database under the data API: PGlite (default) or this machine's PostgreSQL. */
  backend?: BackendKind;
  /**
   * The workers also deliver webhooks as the worker process does: their writes wake the dispatcher
   * (outbox waker), and receivers are dialled per `env`'s WEBHOOK_* settings (see WEBHOOK_TEST_ENV).
   */
  webhooks?: boolean;
}

export async function startOutreachStack(env: TestWorkflowEnvironment, o: OutreachStackOptions) {
  const sb = await startTestSupabase(o.backend ?? 'pglite');
  const taskQueue = uniqueTaskQueue('outreach');
  const gateway = createWorkflowGateway(env.client, taskQueue);
  const timing: SenderTiming = { ...TEST_SENDER_TIMING, ...o.timing };
  const { defaults, ...rules } = o.outreach ?? {};
  const config = (url: string, key: string) =>
    loadConfig({
      ...TEST_ENV,
      CRM_SUPABASE_URL: url,
      CRM_SUPABASE_KEY: key,
      SAFARI_API_URL: o.safariUrl,
      TEMPORAL_TASK_QUEUE: taskQueue,
      ...o.env,
    });
  const fromEnv = o.env ? outreachSettingsFromConfig(config(sb.url, sb.serviceRoleKey)) : null;
  const webhooks = o.webhooks ? webhookWiring(gateway, config(sb.url, sb.serviceRoleKey)) : null;
  const crmDb = createSupabase({ url: sb.url, key: sb.serviceRoleKey }, webhooks?.fetch);
  const settings: OutreachSettings = fromEnv ?? {
    defaults: {
      pacing: defaults?.pacing ?? OPEN_PACING,
      approvalMode: defaults?.approvalMode ?? 'none',
      approvalNotifyMs: defaults?.approvalNotifyMs ?? 3_600_000,
    },
    pauseOnBlockMs: 60_000,
    dedupWindowMs: 30 * 86_400_000,
    hostMaxHistory: 2_000,
    ...rules,
    senderInput: (accountId) => senderInput(timing, accountId),
  };
  const mediaPosterDb = o.mediaPoster
    ? createSupabase({ url: o.mediaPoster.url, key: o.mediaPoster.serviceRoleKey })
    : undefined;
  const depsFor = () => {
    const safari = o.safari();
    return createActivityDeps({
      crmDb,
      mediaPosterDb,
      webhookDb: webhooks ? createSupabase({ url: sb.url, key: sb.serviceRoleKey }) : undefined,
      webhooks: webhooks?.settings,
      safari,
      safariUrl: o.safariUrl,
      safariFor: o.safariFor,
      workflows: gateway,
      outreach: settings,
      scoreWeights: DEFAULT_SCORE_WEIGHTS,
    });
  };
  const deps = depsFor();
  const bundle = await workflowBundle();
  const workers: { worker: Worker; running: Promise<void>; connection: NativeConnection | null }[] = [];
  /** Every worker after the first has a connection of its own, as a second worker process would. */
  async function addWorker() {
    const connection = workers.length === 0 ? null : await NativeConnection.connect({ address: env.address });
    const worker = await Worker.create({
      connection: connection ?? env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: createActivities(depsFor()),
    });
    workers.push({ worker, running: worker.run(), connection });
  }
  for (let i = 0; i < (o.workers ?? 1); i++) await addWorker();
  /** Shuts the oldest worker down, as a stopped worker process: its runs wait for the next worker. */
  async function stopWorker() {
    const w = workers.shift();
    if (!w) return;
    w.worker.shutdown();
    await w.running;
    await w.connection?.close();
  }

  async function account(id: string, overrides: Partial<AccountOverrides> = {}) {
    await deps.accounts.ensure(id, o.safariUrl);
    if (Object.keys(overrides).length) await deps.accounts.update(id, overrides);
  }

  /** A contact with a handle; `wrote` marks them as having written to us (for approval rules). */
  async function contact(accountId: string, username: string, wrote = false): Promise<string> {
    const [row] = await sb.sql.query<{ id: string }>(
      `insert into contacts (account_id, username, total_messages_received) values ($1, $2, $3)
       on conflict (account_id, username) do update set total_messages_received = excluded.total_messages_received returning id`,
      [accountId, username, wrote ? 1 : 0],
    );
    return row!.id;
  }

  /** Queues items as the API does (one ledger row each), then wakes the account's sender. */
  async function enqueue(
    accountId: string,
    items: {
      username: string;
      text: string;
      kind?: OutreachKind;
      campaign?: string;
      priority?: number;
      key?: string;
    }[],
  ) {
    const drafts = await Promise.all(
      items.map(async (i, n) => {
        const c = (await deps.contacts.getContact(accountId, i.username))!;
        const kind = i.kind ?? 'queued';
        return newOutreachItem(
          accountId,
          {
            kind,
            businessKey: i.key ?? `test:${i.username}:${i.text}:${n}`,
            contact: { ...c, username: c.username! },
            text: i.text,
            priority: i.priority ?? 50,
            scheduledAt: null,
            campaign: i.campaign ?? null,
            template: null,
            videoId: null,
            notifyWorkflowId: null,
            requestId: null,
          },
          settings.defaults.approvalMode,
        );
      }),
    );
    const stored = await deps.outreach.enqueue(accountId, drafts);
    await gateway.signalWithStart(dmSenderContract, settings.senderInput(accountId), queueChangedSignal, {
      reason: 'test',
    });
    return stored.items.map((s) => s.item);
  }

  /** Status of every item of an account, by id. */
  async function statuses(accountId: string): Promise<Map<string, string>> {
    const rows = await sb.sql.query<{ id: string; status: string }>(
      `select id, status from outreach_items where account_id = $1`,
      [accountId],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /** The real API over the same data API and Temporal, configured from `o.env`. */
  function api() {
    const cfg = config(sb.url, sb.serviceRoleKey);
    const mediaPosterDb = o.mediaPoster && {
      url: o.mediaPoster.url,
      key: o.mediaPoster.serviceRoleKey,
      deadlines: cfg.mediaPosterDb?.deadlines ?? DEFAULT_DEADLINES,
    };
    const withMediaPoster = mediaPosterDb ? { ...cfg, mediaPosterDb } : cfg;
    const apiDeps = createApiDeps(withMediaPoster, env.client, createLogger({ level: 'silent', name: 'test-api' }));
    return { app: createApp(apiDeps), deps: apiDeps, config: withMediaPoster };
  }

  return {
    sb,
    crmDb,
    deps,
    gateway,
    taskQueue,
    timing,
    settings,
    account,
    contact,
    enqueue,
    statuses,
    addWorker,
    stopWorker,
    api,
    senderId: (accountId: string) => dmSenderContract.id(senderInput(timing, accountId)),
    stop: async () => {
      for (const w of workers) w.worker.shutdown();
      await Promise.all(workers.map((w) => w.running));
      for (const w of workers) await w.connection?.close();
      await sb.stop();
    },
  };
}

/** As src/worker.ts wires delivery: writes through the CRM client wake the one webhook dispatcher. */
function webhookWiring(gateway: ReturnType<typeof createWorkflowGateway>, cfg: ReturnType<typeof loadConfig>) {
  const inputs = webhookInputs(cfg);
  const waker = dispatcherWaker(gateway, inputs.dispatcher, () => {});
  return {
    fetch: pokingFetch(waker.poke),
    settings: { endpointInput: inputs.endpoint, allowPrivate: cfg.webhooks.allowPrivate },
  };
}

/** Polls until `check` holds (bounded), failing with what was last seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}
