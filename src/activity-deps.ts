import type { SupabaseClient } from '@supabase/supabase-js';
import { createAccountRepository } from './adapters/db/account-repository';
import { createAutomationRepository } from './adapters/db/automation-repository';
import { createTemplateRepository } from './adapters/db/template-repository';
import { createContactRepository } from './adapters/db/contact-repository';
import { createEventRepository } from './adapters/db/event-repository';
import { createIdentityRepository } from './adapters/db/identity-repository';
import { createInboxRepository } from './adapters/db/inbox-repository';
import { createOutreachRepository } from './adapters/db/outreach-repository';
import { createScoreRepository } from './adapters/db/score-repository';
import { createVideoRepository, notConfiguredVideos } from './adapters/mediaposter/video-repository';
import { createPostWatch, notConfiguredPostWatch } from './adapters/mediaposter/post-watch';
import { createAudienceRepository } from './adapters/db/audience-repository';
import type { SafariClient } from './adapters/safari/safari-client';
import type { SafariFor } from './adapters/safari/safari-clients';
import type { ActivityDeps, OutreachSettings, WebhookSettings } from './activities';
import { createDeliveryRepository } from './adapters/db/delivery-repository';
import { createWebhookRepository } from './adapters/db/webhook-repository';
import type { ScoreWeights } from './domain/scoring';
import type { WorkflowGateway } from './temporal/workflow-gateway';
import { createSenderWaker } from './temporal/sender-control';
import { createFollowUpStarter, FOLLOW_UP_RECHECK_MS, followUpsInput } from './temporal/follow-ups';

/**
 * The real adapters behind every activity port, over the data-API clients. Shared by the worker's
 * composition root and the integration tests, so both run the same wiring. Parts a test does not
 * exercise may be left out: using them then fails loudly.
 */
export function createActivityDeps(opts: {
  crmDb: SupabaseClient;
  /** The CRM database for webhook delivery's own bookkeeping, without the outbox waker (default: crmDb). */
  webhookDb?: SupabaseClient;
  safari: SafariClient;
  scoreWeights: ScoreWeights;
  /** SAFARI_API_URL: whose host the default client drives. */
  safariUrl?: string;
  safariFor?: SafariFor;
  mediaPosterDb?: SupabaseClient;
  workflows?: Pick<WorkflowGateway, 'signalWithStart' | 'start' | 'describe'>;
  outreach?: OutreachSettings;
  webhooks?: WebhookSettings;
  now?: () => number;
}): ActivityDeps {
  const missing = (what: string) => () => {
    throw new Error(`${what} was not given to these activity deps`);
  };
  const workflows = opts.workflows ?? {
    signalWithStart: missing('A Temporal client'),
    start: missing('A Temporal client'),
    describe: missing('A Temporal client'),
  };
  const outreachSettings = opts.outreach ?? unconfiguredOutreach();
  return {
    contacts: createContactRepository(opts.crmDb),
    inbox: createInboxRepository(opts.crmDb),
    identity: createIdentityRepository(opts.crmDb),
    scores: createScoreRepository(opts.crmDb),
    events: createEventRepository(opts.crmDb),
    accounts: createAccountRepository(opts.crmDb),
    outreach: createOutreachRepository(opts.crmDb),
    automations: createAutomationRepository(opts.crmDb),
    templates: createTemplateRepository(opts.crmDb),
    videos: opts.mediaPosterDb ? createVideoRepository(opts.mediaPosterDb) : notConfiguredVideos,
    postWatch: opts.mediaPosterDb ? createPostWatch(opts.mediaPosterDb) : notConfiguredPostWatch,
    audience: createAudienceRepository(opts.crmDb),
    webhooks: createWebhookRepository(opts.webhookDb ?? opts.crmDb),
    deliveries: createDeliveryRepository(opts.webhookDb ?? opts.crmDb),
    webhookSettings: opts.webhooks ?? { endpointInput: missing('Webhook settings'), allowPrivate: false },
    safari: opts.safari,
    defaultSafariUrl: opts.safariUrl ?? 'http://safari.invalid',
    safariFor: opts.safariFor ?? (() => opts.safari),
    workflows,
    senders: createSenderWaker(workflows, (accountId) => outreachSettings.senderInput(accountId)),
    followUps: createFollowUpStarter(workflows, (accountId, firstItemId) => {
      const { db, safari, heartbeatTimeoutMs } = outreachSettings.senderInput(accountId).timing;
      const recheckMs = outreachSettings.followUpRecheckMs ?? FOLLOW_UP_RECHECK_MS;
      return followUpsInput({ db, safari, heartbeatTimeoutMs }, recheckMs, accountId, firstItemId);
    }),
    outreachSettings,
    scoreWeights: opts.scoreWeights,
    now: opts.now ?? Date.now,
  };
}

/** For deps that only sync: the Safari host's history limit is real, any outreach rule fails loudly. */
function unconfiguredOutreach(): OutreachSettings {
  const fail = (): never => {
    throw new Error('Outreach settings were not given to these activity deps');
  };
  return {
    get defaults() {
      return fail();
    },
    get pauseOnBlockMs() {
      return fail();
    },
    get dedupWindowMs() {
      return fail();
    },
    senderInput: fail,
    hostMaxHistory: 2_000,
  };
}
