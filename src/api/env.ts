import type { KeyStore } from '../app/accounts/api-keys';
import type { Principal } from '../domain/api-scopes';
import type { Logger } from '../adapters/logging/logger';
import type { AccountRepository } from '../adapters/db/account-repository';
import type { AutomationRepository } from '../adapters/db/automation-repository';
import type { TemplateRepository } from '../adapters/db/template-repository';
import type { ContactRepository } from '../adapters/db/contact-repository';
import type { IdentityRepository } from '../adapters/db/identity-repository';
import type { WebhookRepository } from '../adapters/db/webhook-repository';
import type { VideoListing } from '../adapters/mediaposter/video-listing';
import type { DeliveryRepository } from '../adapters/db/delivery-repository';
import type { EventRepository } from '../adapters/db/event-repository';
import type { WebhookLogRepository } from '../adapters/db/webhook-log-repository';
import type { GuardVerdict } from '../adapters/webhooks/url-guard';
import type { InboxRepository } from '../adapters/db/inbox-repository';
import type { OutreachRepository } from '../adapters/db/outreach-repository';
import type { VideoRepository } from '../adapters/mediaposter/video-repository';
import type { SafariFor } from '../adapters/safari/safari-clients';
import type { OutreachDefaults } from '../domain/outreach';
import type { SenderControl } from '../temporal/sender-control';
import type { FollowUpCanceller } from '../app/follow-ups/follow-up-control';
import type { ScoreRepository } from '../adapters/db/score-repository';
import type { PromiseRepository } from '../adapters/db/promise-repository';
import type { DependencyProbe } from '../adapters/health/probes';
import type { ScoreWeights } from '../domain/scoring';
import type { PostWatch } from '../adapters/mediaposter/post-watch';
import type { AudienceRepository } from '../adapters/db/audience-repository';
import type { VideoAudienceRules } from '../contracts/video-outreach';
import type { WorkflowGateway } from '../temporal/workflow-gateway';
import type { WorkflowRunLister } from '../temporal/workflow-runs';
import type { ContactEventReader } from '../adapters/db/contact-events';
import type { WorkflowTiming } from '../contracts/timing';
import type { SenderTiming } from '../contracts/sender';
import type { ResultsRepository } from '../adapters/db/results-repository';

/** What route handlers may use, injected once by the composition root (tests inject fakes). */
export interface ApiDeps {
  config: {
    apiKey: string;
    bodyLimitBytes: number;
    accountId: string;
    temporalUiUrl: string;
    temporalNamespace: string;
    scoreWeights: ScoreWeights;
    sync: { batchSize: number; readLimit: number; batchesPerRun: number; profileLookups?: number };
    timing: WorkflowTiming;
    /** The sender workflow's timing, for starting an account's sender. */
    senderTiming: SenderTiming;
    /** How long the original server's synchronous sync routes wait for the workflow's result. */
    compatWaitMs: number;
    /** WEBHOOK_SECRET: what MediaPoster signs the webhooks it sends us with. */
    incomingSecret: string;
    /** Optional dependencies left unconfigured (health shows them as not_configured). */
    notConfigured?: string[];
    /** Who a posted video's DMs may go to (CRM_VIDEO_OUTREACH_*, CRM_OUTREACH_COOLDOWN). */
    videoOutreach: VideoAudienceRules;
    outreach: {
      defaults: OutreachDefaults;
      /** How long POST /api/dm/send and the process routes wait before answering 202. */
      dmSendWaitMs: number;
      /** CRM_DEDUP_WINDOW: an approval's edited text is refused if the same text went to them within it. */
      dedupWindowMs: number;
    };
    /** CRM_REPLY_WINDOW: how long after a DM an answer counts as its reply (GET /api/analytics/outreach). */
    analytics: { replyWindowMs: number };
  };
  log: Logger;
  workflows: WorkflowGateway;
  contacts: ContactRepository;
  scores: ScoreRepository;
  /** Promises made to contacts and kept (their counters feed the score). */
  promises: PromiseRepository;
  accounts: AccountRepository;
  outreach: OutreachRepository;
  /** Outreach results per group (GET /api/analytics/outreach). */
  results: ResultsRepository;
  /** Keyword replies (automations), with what each did. */
  automations: AutomationRepository;
  /** Stored DM templates and their versions. */
  templates: TemplateRepository;
  inbox: InboxRepository;
  /** Thread ids, handles and names contacts were seen with; merges and suspected duplicates. */
  identity: IdentityRepository;
  webhooks: WebhookRepository;
  /** Webhook URLs checked against what their host resolves to, and new endpoint secrets. */
  webhookUrls: { check(url: string): Promise<GuardVerdict>; newSecret(): string; secretGraceMs: number };
  deliveries: DeliveryRepository;
  /** The outbox, for announcements from other systems (recorded once each). */
  events: EventRepository;
  webhookLog: WebhookLogRepository;
  /** The outbox events about one contact and its DMs (GET /api/contacts/{id}/events). */
  contactEvents: ContactEventReader;
  /** Recent runs from Temporal's visibility (GET /api/workflows). */
  workflowRuns: WorkflowRunLister;
  /** Waking an endpoint's delivery workflow, and a test send (run in Temporal, awaited). */
  webhookDelivery: {
    wake(endpointId: string, reason: string): Promise<void>;
    test(event: string, data: Record<string, unknown>): Promise<{ sent: number; failed: number }>;
  };
  /** MediaPoster's videos and schedule as lists (read only). */
  videoListing: VideoListing;
  /** MediaPoster's videos (read only). */
  videos: VideoRepository;
  /** MediaPoster's posts, for the video a `post.published` belongs to. */
  postWatch: PostWatch;
  /** Contacts as a video's audience match reads them. */
  audience: AudienceRepository;
  senders: SenderControl;
  /** Calling off a campaign item's follow-ups still to come (DELETE of the item). */
  followUps: FollowUpCanceller;
  /** The Safari server of an account, with its own key if it has one (status and rate limits only: the API never drives the browser). */
  safariFor: SafariFor;
  /** An account's Safari server URL checked against what its host resolves to (no link-local or metadata address). */
  safariUrls: { check(url: string): Promise<GuardVerdict> };
  probes: DependencyProbe[];
  /** The clock routes use for scoring, so tests can pin it. */
  now: () => number;
  /** API keys: who a presented key is, and issuing, listing and revoking them. */
  keys: KeyStore;
}

/**
 * A route module's own ports: the factory registering its routes takes exactly these (app.ts
 * passes them once), so a route sees only what it uses. `config` is narrowed the same way.
 */
export type RouteDeps<K extends Exclude<keyof ApiDeps, 'config'>, C extends keyof ApiDeps['config'] = never> = Pick<
  ApiDeps,
  K
> & {
  config: Pick<ApiDeps['config'], C>;
};

/**
 * What the middleware and the shared answers read from a request's context: who a key is, the
 * default account and an account's row, and a workflow's state and links. Nothing else is there:
 * a route's own ports come as its factory's argument.
 */
export type SharedDeps = Pick<ApiDeps, 'accounts' | 'keys' | 'workflows'> & {
  config: Pick<ApiDeps['config'], 'accountId' | 'temporalUiUrl' | 'temporalNamespace'>;
};

export interface AppEnv {
  Variables: {
    shared: SharedDeps;
    requestId: string;
    /** The account this request acts for (see account-scope.ts). */
    accountId: string;
    log: Logger;
    /** The key this request was made with (set by the API-key check; never the secret). */
    principal: Principal;
  };
}
