import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createActivityDeps } from '../../src/activity-deps';
import { createSupabase } from '../../src/adapters/db/supabase';
import { pokingFetch } from '../../src/adapters/webhooks/outbox-waker';
import type { ResolveHost } from '../../src/adapters/webhooks/url-guard';
import { createApiDeps } from '../../src/api/api-deps';
import { createApp } from '../../src/api/app';
import { createLogger } from '../../src/adapters/logging/logger';
import { loadConfig, type Env } from '../../src/config';
import { DEFAULT_SCORE_WEIGHTS } from '../../src/domain/scoring';
import { dispatcherWaker } from '../../src/temporal/webhook-delivery';
import { createWorkflowGateway } from '../../src/temporal/workflow-gateway';
import { webhookInputs, webhookSettingsFromConfig } from '../../src/temporal/workflow-inputs';
import { startTestSupabase, type BackendKind } from './supabase';
import { uniqueTaskQueue, workflowBundle } from './temporal';
import { TEST_ENV } from './test-env';

/**
 * Webhook delivery for one test file: the CRM data API over PGlite (or this machine's PostgreSQL), a worker running the real
 * activities with the outbox waker on its database client, and the real API over both.
 * Retries run on Svix's schedule scaled down (WEBHOOK_RETRY_SCALE).
 */

export const WEBHOOK_TEST_ENV: Env = {
  WEBHOOK_ALLOW_PRIVATE: 'true', // the receivers are on loopback
  WEBHOOK_RETRY_SCALE: '0.0001',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_POLL_MS: '60000',
  WEBHOOK_BATCH_SIZE: '50', // smaller than the default 200: a test's few hundred events go through many chunks and reads
  WEBHOOK_CONCURRENCY: '8',
  ACTIVITY_HEARTBEAT_TIMEOUT_MS: '3000',
};

/** A `message.failed` payload for contact n, as the catalogue shapes it: the tests' and the bench's stock event. */
export const failedMessagePayload = (n: number) => ({
  contact: { id: `c${n}`, username: `user${n}`, display_name: null },
  username: `user${n}`,
  item_id: `i${n}`,
  outcome: 'FAILED',
  error: null,
});

export async function startWebhookStack(
  env: TestWorkflowEnvironment,
  o: { env?: Env; resolve?: ResolveHost; logs?: string[]; backend?: BackendKind } = {},
) {
  const sb = await startTestSupabase(o.backend ?? 'pglite');
  const taskQueue = uniqueTaskQueue('webhooks');
  const config = loadConfig({
    ...TEST_ENV,
    ...WEBHOOK_TEST_ENV,
    CRM_SUPABASE_URL: sb.url,
    CRM_SUPABASE_KEY: sb.serviceRoleKey,
    TEMPORAL_TASK_QUEUE: taskQueue,
    ...o.env,
  });
  const gateway = createWorkflowGateway(env.client, taskQueue);
  const inputs = webhookInputs(config);
  const waker = dispatcherWaker(gateway, inputs.dispatcher, () => {});
  const crmDb = createSupabase(config.crmDb, pokingFetch(waker.poke));
  const deps = createActivityDeps({
    crmDb,
    webhookDb: createSupabase(config.crmDb),
    safari: null as never,
    scoreWeights: DEFAULT_SCORE_WEIGHTS,
    workflows: gateway,
    webhooks: webhookSettingsFromConfig(config, o.resolve),
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(deps),
  });
  const running = worker.run();
  const logs = o.logs ?? [];
  const log = createLogger({ level: 'trace', name: 'test-api' }, { write: (line: string) => void logs.push(line) });
  const apiDeps = createApiDeps(config, env.client, log);
  const app = createApp(apiDeps);

  /** Writes an event as the application does (crm_emit_event through the data API), waking the dispatcher. */
  async function emit(type: string, entityId: string, payload: Record<string, unknown>): Promise<string> {
    return deps.events.emit('default', type, { type: 'contact', id: entityId }, payload);
  }

  /** Writes events of one type in one transaction (crm_emit_events through the data API), waking the dispatcher. */
  async function emitMany(type: string, items: { entityId: string; payload: Record<string, unknown> }[]) {
    const { error } = await crmDb.rpc('crm_emit_events', {
      p_account_id: 'default',
      p_type: type,
      p_entity_type: 'contact',
      p_items: items.map((i) => ({ entity_id: i.entityId, payload: i.payload })),
    });
    if (error) throw new Error(`crm_emit_events: ${error.message}`);
  }

  return {
    sb,
    config,
    gateway,
    deps,
    app,
    apiDeps,
    logs,
    inputs,
    emit,
    emitMany,
    waker,
    stop: async () => {
      worker.shutdown();
      await running;
      await sb.stop();
    },
  };
}
