import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Worker } from '@temporalio/worker';
import type { Browser } from 'puppeteer-core';
import { createActivities } from '../../src/activities';
import { createActivityDeps } from '../../src/activity-deps';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createLogger } from '../../src/adapters/logging/logger';
import { createHttpSafariClient } from '../../src/adapters/safari/http-safari-client';
import { pokingFetch } from '../../src/adapters/webhooks/outbox-waker';
import { createApiDeps } from '../../src/api/api-deps';
import { createApp } from '../../src/api/app';
import { loadConfig } from '../../src/config';
import { dispatcherWaker } from '../../src/temporal/webhook-delivery';
import { createWorkflowGateway } from '../../src/temporal/workflow-gateway';
import {
  outreachSettingsFromConfig,
  webhookInputs,
  webhookSettingsFromConfig,
} from '../../src/temporal/workflow-inputs';
import { startSimulator, type Json } from '../simulator/sim-fixture';
import { jsonBody, TEST_API_KEY, withKey } from './api';
import { launchBrowser } from './browser';
import { eventually } from './outreach-stack';
import { startTestSupabase } from './supabase';
import { startTestTemporal, uniqueTaskQueue, workflowBundle } from './temporal';
import { TEST_ENV } from './test-env';
import { WEBHOOK_TEST_ENV } from './webhook-stack';

/**
 * The dashboard's world for one test file, wired as the worker and API composition roots wire it:
 * a real Temporal server, the Safari simulator (12 people), the CRM data API and MediaPoster's
 * fixture over PGlite, one worker running every activity (DMs, syncs, webhook delivery), the real
 * API app on a real HTTP port (with Temporal's visibility for the Runs page), and a headless
 * Chromium. Everything is seeded through the API.
 */

export const ACCOUNT = 'main';

export async function startDashboardWorld() {
  const [env, sim, sb, mp] = await Promise.all([
    startTestTemporal(),
    startSimulator({
      flavor: 'head',
      conversations: 12,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
    startTestSupabase('pglite'),
    startTestSupabase('pglite', 'mediaposter'),
  ]);
  const config = loadConfig({
    ...TEST_ENV,
    ...WEBHOOK_TEST_ENV,
    CRM_SUPABASE_URL: sb.url,
    CRM_SUPABASE_KEY: sb.serviceRoleKey,
    MEDIAPOSTER_SUPABASE_URL: mp.url,
    MEDIAPOSTER_SUPABASE_KEY: mp.serviceRoleKey,
    SAFARI_API_URL: sim.url,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('dashboard'),
    CRM_ACCOUNT_ID: ACCOUNT,
    CRM_APPROVAL_MODE: 'none',
  });
  // The worker's wiring (src/worker.ts): the outbox waker on its CRM client, webhook delivery on.
  const gateway = createWorkflowGateway(env.client, config.temporal.taskQueue);
  const inputs = webhookInputs(config);
  const waker = dispatcherWaker(gateway, inputs.dispatcher, () => {});
  const safari = createHttpSafariClient({ ...config.safari, baseUrl: sim.url });
  const deps = createActivityDeps({
    crmDb: createSupabase(config.crmDb, pokingFetch(waker.poke)),
    webhookDb: createSupabase(config.crmDb),
    webhooks: webhookSettingsFromConfig(config),
    mediaPosterDb: createSupabase(config.mediaPosterDb!),
    safari,
    safariUrl: sim.url,
    workflows: gateway,
    outreach: outreachSettingsFromConfig(config),
    scoreWeights: config.scoring.weights,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(deps),
  });
  const running = worker.run();
  const apiDeps = createApiDeps(config, env.client, createLogger({ level: 'silent', name: 'test-api' }));
  await apiDeps.accounts.ensure(ACCOUNT, sim.url);
  const app = createApp(apiDeps);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  if (!server.listening) await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;

  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${baseUrl}${path}`, withKey(init));
    return { status: res.status, body: (await res.json()) as Json };
  };
  const post = (path: string, body: unknown = {}) => call(path, jsonBody(body));
  const ok = async (what: string, answer: Promise<{ status: number; body: Json }>) => {
    const res = await answer;
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  return {
    baseUrl,
    apiKey: TEST_API_KEY,
    config,
    call,
    post,
    ok,
    /** The CRM database itself, for expectations worked out without the API. */
    sql: sb.sql,
    people: () => sim.control.threads().map((t) => t.username),
    browser: async () => (browser ??= await launchBrowser()),
    /** An item's status through the API, until `check` holds (bounded). */
    itemUntil: (id: string, check: (status: string) => boolean, what: string) =>
      eventually(
        () => call(`/api/outreach/queue/${id}`),
        (r) => check(r.body.item?.status),
        what,
        30_000,
      ),
    stop: async () => {
      await browser?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      worker.shutdown();
      await running;
      await Promise.all([sb.stop(), mp.stop(), sim.close()]);
      await env.teardown();
    },
  };
}

export type DashboardWorld = Awaited<ReturnType<typeof startDashboardWorld>>;

/**
 * Contacts of distinct scores; two queued DMs and one direct DM (a workflow) sent, so the timeline
 * has sends; then approval turned on, an hourly cap of 3 and 12 active hours, and two DMs held for
 * approval; and a finished inbox sync.
 */
export async function seedDashboard(w: DashboardWorld) {
  const [a, b, c, d] = w.people();
  const contacts = [
    {
      username: a!,
      display_name: 'Ada Warm',
      pipeline_stage: 'micro_win_delivered',
      asks_opinion: true,
      shares_updates: true,
      has_referred_others: true,
      what_theyre_building: 'automation for my studio',
      tags: ['vip'],
    },
    {
      username: b!,
      display_name: 'Ben Curious',
      pipeline_stage: 'context_captured',
      asks_opinion: true,
      what_theyre_building: 'a podcast',
    },
    { username: c!, display_name: 'Cy New', pipeline_stage: 'first_touch' },
    { username: d!, display_name: 'Dee Quiet', pipeline_stage: 'first_touch', opted_out: false },
  ];
  for (const contact of contacts) await w.ok('save a contact', w.post('/api/contacts', contact));
  const sent = await w.ok(
    'queue two DMs',
    w.post('/api/outreach/queue', {
      items: [
        { username: a, text: 'Thanks for the feedback, Ada!' },
        { username: b, text: 'How is the podcast going?' },
      ],
    }),
  );
  for (const m of sent.messages as { id: string }[])
    await w.itemUntil(m.id, (s) => s === 'sent', `DM ${m.id} to be sent`);
  const dm = await w.ok(
    'send a direct DM',
    w.post(`/api/contacts/${a}/dm`, { template: 'Hi {{first_name|there}}, one more thing!' }),
  );
  await eventually(
    () => w.call(dm.statusUrl as string),
    (r) => r.body.status === 'COMPLETED',
    'the DM workflow to complete',
    30_000,
  );
  // Now a small hourly cap (the three sends fill it) and 12 active hours ending two hours from now.
  const hour = new Date().getUTCHours();
  const settings = {
    approval_mode: 'all',
    messages_per_hour: 3,
    active_hours_start: (hour + 14) % 24,
    active_hours_end: (hour + 2) % 24 || 24,
  };
  await w.ok(
    'turn approval on, cap the hour',
    w.call(`/api/accounts/${ACCOUNT}`, jsonBody(settings, { method: 'PATCH' })),
  );
  const held = await w.ok(
    'queue two DMs for approval',
    w.post('/api/outreach/queue', {
      items: [
        { username: c, text: 'Hi Cy, welcome!' },
        { username: d, text: 'Hi Dee, a quick question' },
      ],
    }),
  );
  const sync = await w.ok('start a sync', w.post('/api/conversations/sync'));
  await eventually(
    () => w.call(sync.statusUrl as string),
    (r) => r.body.status === 'COMPLETED',
    'the sync to complete',
    60_000,
  );
  return {
    contacts,
    sentIds: (sent.messages as { id: string }[]).map((m) => m.id),
    heldIds: (held.messages as { id: string; status: string }[]).map((m) => m.id),
    heldStatuses: (held.messages as { id: string; status: string }[]).map((m) => m.status),
    syncWorkflowId: sync.workflowId as string,
    dmWorkflowId: dm.workflowId as string,
  };
}
