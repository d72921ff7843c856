import type { AccountRepository } from '../adapters/db/account-repository';
import type { AutomationRepository } from '../adapters/db/automation-repository';
import type { TemplateRepository } from '../adapters/db/template-repository';
import type { ContactRepository } from '../adapters/db/contact-repository';
import type { EventRepository } from '../adapters/db/event-repository';
import type { IdentityRepository } from '../adapters/db/identity-repository';
import type { InboxRepository } from '../adapters/db/inbox-repository';
import type { OutreachRepository } from '../adapters/db/outreach-repository';
import type { ScoreRepository } from '../adapters/db/score-repository';
import type { VideoRepository } from '../adapters/mediaposter/video-repository';
import type { PostWatch } from '../adapters/mediaposter/post-watch';
import type { AudienceRepository } from '../adapters/db/audience-repository';
import type { DeliveryRepository } from '../adapters/db/delivery-repository';
import type { WebhookRepository } from '../adapters/db/webhook-repository';
import type { ResolveHost } from '../adapters/webhooks/url-guard';
import type { WebhookEndpointInput } from '../contracts/webhooks';
import type { SafariClient } from '../adapters/safari/safari-client';
import type { SafariFor } from '../adapters/safari/safari-clients';
import type { OutreachDefaults } from '../domain/outreach';
import type { ScoreWeights } from '../domain/scoring';
import type { WorkflowGateway } from '../temporal/workflow-gateway';
import type { DmSenderInput } from '../contracts/sender';
import type { SenderWaker } from '../app/outreach/sender-waker';
import type { FollowUpStarter } from '../app/follow-ups/follow-up-control';

/** The outreach rules activities apply, from config (pacing defaults are overridden per account). */
export interface OutreachSettings {
  defaults: OutreachDefaults;
  pauseOnBlockMs: number;
  dedupWindowMs: number;
  /** The input a sender workflow starts with, for the account it will serve. */
  senderInput: (accountId: string) => DmSenderInput;
  /** A Safari host's turn-keeping workflow continues as new past this many events. */
  hostMaxHistory: number;
  /** How often a follow-up run re-reads a queued step whose outcome signal it may have missed (default 60s). */
  followUpRecheckMs?: number;
  /** CRM_VIDEO_FOLLOW_UP: a video's DM carries one follow-up this long after it was sent (null or absent: none). */
  videoFollowUpMs?: number | null;
}

/** How webhooks are delivered (the timing travels in each endpoint workflow's input). */
export interface WebhookSettings {
  endpointInput: (endpointId: string) => WebhookEndpointInput;
  allowPrivate: boolean;
  /** Name lookups at dial time (tests point a name at a forbidden address). */
  resolve?: ResolveHost;
  /**
   * A pending delivery due this long with no step sending it is taken for a lost wake, and its
   * endpoint woken (at most this often per worker): WEBHOOK_POLL_MS (webhookSettingsFromConfig).
   * Absent (deps built without webhook settings): no sweep.
   */
  strandedAfterMs?: number;
}

/** Everything activities may touch, as interfaces: the worker injects real adapters, tests fakes. */
export interface ActivityDeps {
  contacts: ContactRepository;
  inbox: InboxRepository;
  identity: IdentityRepository;
  scores: ScoreRepository;
  events: EventRepository;
  accounts: AccountRepository;
  outreach: OutreachRepository;
  /** Keyword replies: the automations, and the stored messages waiting to be checked for their keywords. */
  automations: AutomationRepository;
  /** Stored DM templates, for a DM that names one by id. */
  templates: TemplateRepository;
  videos: VideoRepository;
  /** MediaPoster posts that went live (the watcher), and the video a post belongs to. */
  postWatch: PostWatch;
  /** Contacts as a video's audience match reads them, and the watcher's cursor. */
  audience: AudienceRepository;
  webhooks: WebhookRepository;
  deliveries: DeliveryRepository;
  webhookSettings: WebhookSettings;
  /** The Safari server at SAFARI_API_URL: accounts without a row of their own use it. */
  safari: SafariClient;
  defaultSafariUrl: string;
  /** A client for another account's Safari server, with that account's own key (one per URL and key, sharing the process's host lock). */
  safariFor: SafariFor;
  /** Starting and signalling workflows (a Safari host's turns, an account's sender, a video's outreach); whether a sync runs. */
  workflows: Pick<WorkflowGateway, 'signalWithStart' | 'start' | 'describe'>;
  /** Waking an account's sender (the one implementation, over `workflows`). */
  senders: SenderWaker;
  /** Starting a sent first DM's follow-ups (over `workflows`). */
  followUps: FollowUpStarter;
  outreachSettings: OutreachSettings;
  scoreWeights: ScoreWeights;
  /** Activities read the clock through this, so tests can pin it. */
  now: () => number;
}
