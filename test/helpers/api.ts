import { createKeyStore } from '../../src/app/accounts/api-keys';
import { createLogger } from '../../src/adapters/logging/logger';
import type { ApiDeps } from '../../src/api/env';
import { DEFAULT_SCORE_WEIGHTS } from '../../src/domain/scoring';
import { DEFAULT_TIMING } from '../../src/contracts/timing';
import type { SenderTiming } from '../../src/contracts/sender';

/** Small numbers: tests scale every wait down. */
export const TEST_SENDER_TIMING: SenderTiming = {
  db: { initialMs: 50, maxMs: 200, attempts: 10 },
  safari: { initialMs: 50, maxMs: 200, attempts: 4 },
  heartbeatTimeoutMs: 5_000,
  sendTimeoutMs: 10_000,
  quietMs: 100,
  sessionRetry: { initialMs: 200, maxMs: 1_000 },
  maxSoftRetries: 2,
  // Past the test client's 2 s send timeout, so a DM landing late can land between the two reads.
  lateLandingMs: 6_000,
  sendsPerRun: 50,
  maxHistory: 4_000,
  lullMs: 200,
};

export const TEST_API_KEY = 'test-api-key-0123456789';

/** Every method of a port throws until a test provides it: an unexpected call fails loudly. */
function unusedPort<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, method) => () => {
      throw new Error(`${name}.${String(method)} was not expected to be called in this test`);
    },
  });
}

export type ApiDepsOverrides = Partial<Omit<ApiDeps, 'config'>> & { config?: Partial<ApiDeps['config']> };

/** API deps for route tests: every port fails loudly unless the test provides it. */
export function makeApiDeps(overrides: ApiDepsOverrides = {}): ApiDeps {
  return {
    config: {
      apiKey: TEST_API_KEY,
      bodyLimitBytes: 64 * 1024,
      accountId: 'test-account',
      temporalUiUrl: 'http://localhost:8233',
      temporalNamespace: 'default',
      scoreWeights: DEFAULT_SCORE_WEIGHTS,
      sync: { batchSize: 20, readLimit: 20, batchesPerRun: 50 },
      timing: DEFAULT_TIMING,
      senderTiming: TEST_SENDER_TIMING,
      compatWaitMs: 5_000,
      incomingSecret: 'test-incoming-secret-0123456789',
      videoOutreach: { minScore: 30, max: 20, cooldownMs: 7 * 86_400_000 },
      outreach: {
        defaults: {
          pacing: {
            perHour: 5,
            perDay: 30,
            minGapMs: 120_000,
            maxGapMs: 300_000,
            activeStartHour: 9,
            activeEndHour: 21,
            timeZone: 'UTC',
            ramp: null,
            hourMs: 3_600_000,
            dayMs: 86_400_000,
          },
          approvalMode: 'first_contact',
          approvalNotifyMs: 3_600_000,
        },
        dmSendWaitMs: 2_000,
        dedupWindowMs: 30 * 86_400_000,
      },
      analytics: { replyWindowMs: 7 * 86_400_000 },
      ...overrides.config,
    },
    log: overrides.log ?? createLogger({ level: 'silent', name: 'test' }),
    workflows: overrides.workflows ?? unusedPort('workflows'),
    // CRM_API_KEY works everywhere; an issued key's lookup needs a real repository (overrides.keys).
    keys: overrides.keys ?? createKeyStore(unusedPort('apiKeys'), TEST_API_KEY, Date.now),
    contacts: overrides.contacts ?? unusedPort('contacts'),
    scores: overrides.scores ?? unusedPort('scores'),
    promises: overrides.promises ?? unusedPort('promises'),
    accounts: overrides.accounts ?? unusedPort('accounts'),
    outreach: overrides.outreach ?? unusedPort('outreach'),
    templates: overrides.templates ?? unusedPort('templates'),
    automations: overrides.automations ?? unusedPort('automations'),
    results: overrides.results ?? unusedPort('results'),
    inbox: overrides.inbox ?? unusedPort('inbox'),
    identity: overrides.identity ?? unusedPort('identity'),
    webhooks: overrides.webhooks ?? unusedPort('webhooks'),
    webhookUrls: overrides.webhookUrls ?? unusedPort('webhookUrls'),
    deliveries: overrides.deliveries ?? unusedPort('deliveries'),
    contactEvents: overrides.contactEvents ?? unusedPort('contactEvents'),
    workflowRuns: overrides.workflowRuns ?? unusedPort('workflowRuns'),
    events: overrides.events ?? unusedPort('events'),
    webhookLog: overrides.webhookLog ?? unusedPort('webhookLog'),
    webhookDelivery: overrides.webhookDelivery ?? unusedPort('webhookDelivery'),
    videos: overrides.videos ?? unusedPort('videos'),
    videoListing: overrides.videoListing ?? unusedPort('videoListing'),
    postWatch: overrides.postWatch ?? unusedPort('postWatch'),
    audience: overrides.audience ?? unusedPort('audience'),
    senders: overrides.senders ?? unusedPort('senders'),
    followUps: overrides.followUps ?? unusedPort('followUps'),
    safariFor: overrides.safariFor ?? (() => unusedPort('safari')),
    safariUrls: overrides.safariUrls ?? unusedPort('safariUrls'),
    probes: overrides.probes ?? [],
    now: overrides.now ?? (() => Date.UTC(2026, 10, 25, 12)),
  };
}

export const withKey = (init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { 'x-api-key': TEST_API_KEY, ...(init.headers as Record<string, string>) },
});

export const jsonBody = (body: unknown, init: RequestInit = {}): RequestInit => ({
  method: 'POST',
  ...init,
  headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  body: JSON.stringify(body),
});
