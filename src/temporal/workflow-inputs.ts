import type { OutreachSettings, WebhookSettings } from '../activities/deps';
import type { Config } from '../config';
import type { RescoreContactsInput } from '../contracts/contacts';
import type { ReplyWatchInput } from '../contracts/reply-watch';
import type { SyncConversationsInput, SyncScope } from '../contracts/sync';
import type { WorkflowTiming } from '../contracts/timing';
import type { DmSenderInput, SenderTiming } from '../contracts/sender';
import type {
  MediaPosterWatchInput,
  OutreachTrigger,
  VideoAudienceRules,
  VideoOutreachInput,
} from '../contracts/video-outreach';
import type { WebhookDeliveryTiming, WebhookDispatcherInput, WebhookEndpointInput } from '../contracts/webhooks';

/**
 * Workflow inputs built from config: every size and wait a workflow uses travels in its input, so
 * workflows never read config (they cannot) and tests run the same code with small numbers.
 */

/** The parts of config workflow inputs come from (the API's deps carry the same shape). */
export interface InputSettings {
  accountId: string;
  sync: Pick<Config['sync'], 'batchSize' | 'readLimit' | 'batchesPerRun'> & { profileLookups?: number };
  timing: WorkflowTiming;
  senderTiming: SenderTiming;
}

export function senderTimingFromConfig(config: Pick<Config, 'timing' | 'safari' | 'outreach'>): SenderTiming {
  const { timing, safari, outreach } = config;
  return {
    db: timing.db,
    safari: timing.safari,
    heartbeatTimeoutMs: timing.heartbeatTimeoutMs,
    // Past the client's own send timeout (and a hold at the host lock), so a slow send still answers.
    sendTimeoutMs: safari.timeouts.sendMs + safari.holdAfterNoAnswerMs + 60_000,
    quietMs: safari.holdAfterNoAnswerMs,
    sessionRetry: outreach.sessionRetry,
    maxSoftRetries: outreach.maxSoftRetries,
    lateLandingMs: outreach.lateLandingMs,
    sendsPerRun: 100,
    maxHistory: 4_000,
    lullMs: 1_000,
  };
}

export const inputSettings = (config: Config): InputSettings => ({
  accountId: config.server.accountId,
  sync: config.sync,
  timing: config.timing,
  senderTiming: senderTimingFromConfig(config),
});

export function syncInputFromConfig(
  s: InputSettings,
  scope: SyncScope = { kind: 'inbox', tab: 'all' },
  readThreads = true,
  requestId?: string,
  accountId = s.accountId,
): SyncConversationsInput {
  const { batchSize, readLimit, batchesPerRun, profileLookups = 0 } = s.sync;
  return {
    version: 1,
    accountId,
    scope,
    readThreads,
    batchSize,
    readLimit,
    batchesPerRun,
    profileLookups,
    timing: s.timing,
    requestId,
  };
}

/** Pages of 1000 rows: the most one data-API response returns. */
export function rescoreInputFromConfig(
  s: InputSettings,
  reason: string,
  accountId = s.accountId,
): RescoreContactsInput {
  return { version: 1, accountId, pageSize: 1000, pagesPerRun: 200, reason, timing: s.timing };
}

export const senderInput = (timing: SenderTiming, accountId: string): DmSenderInput => ({
  version: 1,
  accountId,
  timing,
});

/** The rules the outreach activities apply, from the worker's config. */
export function outreachSettingsFromConfig(
  config: Pick<Config, 'timing' | 'safari' | 'outreach'> & {
    videoOutreach?: Pick<Config['videoOutreach'], 'followUpMs'>;
  },
): OutreachSettings {
  const { outreach } = config;
  const timing = senderTimingFromConfig(config);
  return {
    defaults: {
      pacing: outreach.pacing,
      approvalMode: outreach.approvalMode,
      approvalNotifyMs: outreach.approvalNotifyMs,
    },
    pauseOnBlockMs: outreach.pauseOnBlockMs,
    dedupWindowMs: outreach.dedupWindowMs,
    senderInput: (accountId) => senderInput(timing, accountId),
    hostMaxHistory: 2_000,
    videoFollowUpMs: config.videoOutreach?.followUpMs ?? null,
  };
}

/** Webhook delivery's inputs: the dispatcher's and each endpoint's, with their timing. */
export function webhookInputs(config: Pick<Config, 'timing' | 'webhookDelivery'>) {
  const w = config.webhookDelivery;
  const timing: WebhookDeliveryTiming = {
    retryScale: w.retryScale,
    timeoutMs: w.timeoutMs,
    disableAfterMs: w.disableAfterMs,
    batchSize: w.batchSize,
    concurrency: w.concurrency,
    // Beats come several times a second while attempts run; a lost worker is noticed within this.
    heartbeatTimeoutMs: Math.min(config.timing.heartbeatTimeoutMs, 30_000),
    db: config.timing.db,
  };
  return {
    dispatcher: {
      version: 1,
      // The largest page: a backlog's first page is FIRST_PAGE events (its first sends wait for that
      // page's fan-out: 100 events to 5 endpoints took about 110 ms here under load, 500 events
      // 165-450 ms), each further page twice the one before up to this.
      pageSize: 400,
      pollMs: w.pollMs,
      gapRecheckMs: 250,
      db: config.timing.db,
      // Mostly wake signals: a run this long replays in well under a second, which is what a task
      // that failed on a racing signal costs (webhook-dispatcher.ts). A running one keeps its bound.
      maxHistory: 1_000,
      logRetentionMs: w.logRetentionMs,
      pruneEveryMs: 3_600_000,
    } satisfies WebhookDispatcherInput,
    endpoint: (endpointId: string): WebhookEndpointInput => ({ version: 1, endpointId, timing, maxHistory: 4_000 }),
  };
}

/**
 * What delivery activities need besides their input, as every worker wires it: the endpoints'
 * inputs, the private-address rule, and the stranded-delivery sweep at the dispatcher's poll.
 */
export function webhookSettingsFromConfig(
  config: Pick<Config, 'timing' | 'webhookDelivery' | 'webhooks'>,
  resolve?: WebhookSettings['resolve'],
): WebhookSettings {
  return {
    endpointInput: webhookInputs(config).endpoint,
    allowPrivate: config.webhooks.allowPrivate,
    resolve,
    strandedAfterMs: config.webhookDelivery.pollMs,
  };
}

/** What every video's outreach starts with; the video and what announced it are added per start. */
export function videoOutreachBase(
  config: { timing: WorkflowTiming; videoOutreach: VideoAudienceRules },
  accountId: string,
): MediaPosterWatchInput['outreach'] {
  const { minScore, max, cooldownMs } = config.videoOutreach;
  return { version: 1, accountId, rules: { minScore, max, cooldownMs }, timing: config.timing };
}

export function videoOutreachInput(
  config: { timing: WorkflowTiming; videoOutreach: VideoAudienceRules },
  start: { accountId: string; videoId: string; trigger: OutreachTrigger; requestId?: string },
): VideoOutreachInput {
  return {
    ...videoOutreachBase(config, start.accountId),
    videoId: start.videoId,
    trigger: start.trigger,
    requestId: start.requestId,
  };
}

/** The watcher reads 200 posts a step, at most 10 steps a tick. */
export function mediaPosterWatchInput(
  config: Pick<Config, 'timing' | 'videoOutreach'>,
  accountId: string,
): MediaPosterWatchInput {
  return { version: 1, accountId, pageSize: 200, maxPages: 10, outreach: videoOutreachBase(config, accountId) };
}

/** One reply-watch tick of an account: the sync's batch size, read limit and profile lookups. */
export function replyWatchInput(s: InputSettings, accountId: string): ReplyWatchInput {
  const { batchSize, readLimit, profileLookups = 0 } = s.sync;
  return { version: 1, accountId, batchSize, readLimit, profileLookups, timing: s.timing };
}
