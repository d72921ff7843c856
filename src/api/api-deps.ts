import { createKeyStore } from '../app/accounts/api-keys';
import { createApiKeyRepository } from '../adapters/db/api-key-repository';
import type { Client } from '@temporalio/client';
import { createAccountRepository } from '../adapters/db/account-repository';
import { createContactRepository } from '../adapters/db/contact-repository';
import { createWebhookRepository } from '../adapters/db/webhook-repository';
import { guardWebhookUrl } from '../adapters/webhooks/url-guard';
import { newWebhookSecret } from '../adapters/webhooks/secrets';
import { createIdentityRepository } from '../adapters/db/identity-repository';
import { createInboxRepository } from '../adapters/db/inbox-repository';
import { createOutreachRepository } from '../adapters/db/outreach-repository';
import { createAutomationRepository } from '../adapters/db/automation-repository';
import { createTemplateRepository } from '../adapters/db/template-repository';
import { createScoreRepository } from '../adapters/db/score-repository';
import { createPromiseRepository } from '../adapters/db/promise-repository';
import { createSupabase } from '../adapters/db/supabase';
import { callbackProbe, supabaseProbe } from '../adapters/health/probes';
import type { Logger } from '../adapters/logging/logger';
import { createVideoRepository, notConfiguredVideos } from '../adapters/mediaposter/video-repository';
import { createVideoListing, notConfiguredListing } from '../adapters/mediaposter/video-listing';
import { createPostWatch, notConfiguredPostWatch } from '../adapters/mediaposter/post-watch';
import { createAudienceRepository } from '../adapters/db/audience-repository';
import { batchedForApi } from '../adapters/db/api-batching';
import { createSafariClients } from '../adapters/safari/safari-clients';
import { guardSafariUrl } from '../adapters/safari/url-guard';
import type { Config } from '../config';
import { createSenderControl } from '../temporal/sender-control';
import { createFollowUpCanceller, FOLLOW_UP_RECHECK_MS, followUpsInput } from '../temporal/follow-ups';
import { createWorkflowGateway, type WorkflowGateway } from '../temporal/workflow-gateway';
import { createWorkflowRunLister } from '../temporal/workflow-runs';
import { createContactEventReader } from '../adapters/db/contact-events';
import { createResultsRepository } from '../adapters/db/results-repository';
import type { WebhookTestInput } from '../contracts/webhooks';
import { ApiError } from './errors';
import { senderInput, senderTimingFromConfig } from '../temporal/workflow-inputs';
import type { ApiDeps } from './env';
import { createDeliveryRepository } from '../adapters/db/delivery-repository';
import { createEventRepository } from '../adapters/db/event-repository';
import { createWebhookLogRepository } from '../adapters/db/webhook-log-repository';
import { pokingFetch } from '../adapters/webhooks/outbox-waker';
import { dispatcherWaker } from '../temporal/webhook-delivery';
import { webhookInputs } from '../temporal/workflow-inputs';
import { webhookEndpointContract } from '../contracts/catalogue';
import { webhookTestContract } from '../contracts/catalogue';
import { deliveriesQueuedSignal } from '../contracts/webhooks';
import { randomUUID } from 'node:crypto';

/** A change to an account made by another process (a worker pausing it) is seen after at most this. */
const ACCOUNT_TTL_MS = 2_000;

/** The API's real adapters, built once from config: the composition root and integration tests share it. */
export function createApiDeps(config: Config, client: Client, log: Logger): ApiDeps {
  const workflows = createWorkflowGateway(client, config.temporal.taskQueue, config.temporal.timeoutMs);
  const webhookInput = webhookInputs(config);
  // Whatever a route writes may have added outbox events: the dispatcher hears of it at once.
  const waker = dispatcherWaker(workflows, webhookInput.dispatcher, (err) =>
    log.debug({ err: (err as Error).message }, 'could not wake the webhook dispatcher'),
  );
  const crmDb = createSupabase(config.crmDb, pokingFetch(waker.poke));
  const mediaPosterDb = config.mediaPosterDb ? createSupabase(config.mediaPosterDb) : null;
  const safariFor = createSafariClients(config.safari);
  const senderTiming = senderTimingFromConfig(config);
  const repos = batchedForApi(
    {
      outreach: createOutreachRepository(crmDb),
      scores: createScoreRepository(crmDb),
      accounts: createAccountRepository(crmDb),
    },
    ACCOUNT_TTL_MS,
  );
  return {
    config: {
      apiKey: config.server.apiKey,
      bodyLimitBytes: config.server.bodyLimitBytes,
      accountId: config.server.accountId,
      temporalUiUrl: config.temporal.uiUrl,
      temporalNamespace: config.temporal.namespace,
      scoreWeights: config.scoring.weights,
      sync: config.sync,
      timing: config.timing,
      senderTiming,
      compatWaitMs: config.sync.compatWaitMs,
      notConfigured: mediaPosterDb ? [] : ['mediaposter'],
      incomingSecret: config.webhooks.incomingSecret,
      videoOutreach: {
        minScore: config.videoOutreach.minScore,
        max: config.videoOutreach.max,
        cooldownMs: config.videoOutreach.cooldownMs,
      },
      outreach: {
        defaults: {
          pacing: config.outreach.pacing,
          approvalMode: config.outreach.approvalMode,
          approvalNotifyMs: config.outreach.approvalNotifyMs,
        },
        dmSendWaitMs: config.outreach.dmSendWaitMs,
        dedupWindowMs: config.outreach.dedupWindowMs,
      },
      analytics: config.analytics,
    },
    log,
    workflows,
    contacts: createContactRepository(crmDb),
    ...repos,
    promises: createPromiseRepository(crmDb),
    automations: createAutomationRepository(crmDb),
    // Its own client: a read must not wake the webhook dispatcher.
    results: createResultsRepository(createSupabase(config.crmDb)),
    templates: createTemplateRepository(crmDb),
    inbox: createInboxRepository(crmDb),
    identity: createIdentityRepository(crmDb),
    webhooks: createWebhookRepository(crmDb),
    webhookUrls: {
      check: (url) => guardWebhookUrl(url, config.webhooks.allowPrivate),
      newSecret: newWebhookSecret,
      secretGraceMs: config.webhooks.secretGraceMs,
    },
    deliveries: createDeliveryRepository(crmDb),
    // A client of its own, like the metrics': reading must not wake the webhook dispatcher.
    contactEvents: createContactEventReader(createSupabase(config.crmDb)),
    workflowRuns: createWorkflowRunLister(client, config.temporal.timeoutMs),
    events: createEventRepository(crmDb),
    webhookLog: createWebhookLogRepository(crmDb),
    webhookDelivery: {
      wake: async (endpointId, reason) =>
        void (await workflows.signalWithStart(
          webhookEndpointContract,
          webhookInput.endpoint(endpointId),
          deliveriesQueuedSignal,
          { reason },
        )),
      test: (event, data) =>
        runWebhookTest(workflows, {
          version: 1,
          event,
          data,
          messageId: `msg_test_${randomUUID()}`,
          timeoutMs: config.webhookDelivery.timeoutMs,
        }),
    },
    videos: mediaPosterDb ? createVideoRepository(mediaPosterDb) : notConfiguredVideos,
    videoListing: mediaPosterDb ? createVideoListing(mediaPosterDb) : notConfiguredListing,
    postWatch: mediaPosterDb ? createPostWatch(mediaPosterDb) : notConfiguredPostWatch,
    audience: createAudienceRepository(crmDb),
    senders: createSenderControl(workflows, (accountId) => senderInput(senderTiming, accountId)),
    followUps: createFollowUpCanceller(workflows, (accountId, firstItemId) => {
      const { db, safari, heartbeatTimeoutMs } = senderTiming;
      return followUpsInput({ db, safari, heartbeatTimeoutMs }, FOLLOW_UP_RECHECK_MS, accountId, firstItemId);
    }),
    safariFor,
    safariUrls: { check: (url) => guardSafariUrl(url, config.safari.baseUrl) },
    now: Date.now,
    // Its own client too: checking a key must not wake the webhook dispatcher.
    keys: createKeyStore(createApiKeyRepository(createSupabase(config.crmDb)), config.server.apiKey, Date.now),
    probes: [
      callbackProbe('temporal', () => workflows.ping()),
      supabaseProbe('crm_database', crmDb, 'contacts'),
      ...(mediaPosterDb ? [supabaseProbe('mediaposter', mediaPosterDb, 'videos')] : []),
      callbackProbe('safari', async () => {
        const health = await safariFor(config.safari.baseUrl).health();
        if (!health.ok) throw new Error(`${health.code}: ${health.message}`);
      }),
    ],
  };
}

/** Runs the test send in Temporal and waits for it: each endpoint gets one attempt of at most timeoutMs. */
async function runWebhookTest(
  workflows: WorkflowGateway,
  input: WebhookTestInput,
): Promise<{ sent: number; failed: number }> {
  const started = await workflows.start(webhookTestContract, input);
  const outcome = await workflows.awaitResult(
    webhookTestContract,
    started.workflowId,
    started.runId,
    input.timeoutMs * 2 + 30_000,
  );
  if (outcome.done && 'result' in outcome) return outcome.result;
  throw new ApiError(
    'DEPENDENCY_UNAVAILABLE',
    outcome.done ? `The test send failed: ${outcome.error}` : 'The test send did not finish in time',
  );
}
