import type { SupabaseClient } from '@supabase/supabase-js';
import { createContactRepository } from './adapters/db/contact-repository';
import { createEventRepository } from './adapters/db/event-repository';
import { createInboxRepository } from './adapters/db/inbox-repository';
import { createScoreRepository } from './adapters/db/score-repository';
import type { SafariClient } from './adapters/safari/safari-client';
import type { ActivityDeps } from './activities';
import type { ScoreWeights } from './domain/scoring';

/**
 * The real adapters behind every activity port, over one CRM data-API client. Shared by the
 * worker's composition root and the integration tests, so both run the same wiring.
 */
export function createActivityDeps(opts: {
  crmDb: SupabaseClient;
  safari: SafariClient;
  scoreWeights: ScoreWeights;
  now?: () => number;
}): ActivityDeps {
  return {
    contacts: createContactRepository(opts.crmDb),
    inbox: createInboxRepository(opts.crmDb),
    scores: createScoreRepository(opts.crmDb),
    events: createEventRepository(opts.crmDb),
    safari: opts.safari,
    scoreWeights: opts.scoreWeights,
    now: opts.now ?? Date.now,
  };
}
