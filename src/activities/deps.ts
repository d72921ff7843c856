import type { ContactRepository } from '../adapters/db/contact-repository';
import type { EventRepository } from '../adapters/db/event-repository';
import type { InboxRepository } from '../adapters/db/inbox-repository';
import type { ScoreRepository } from '../adapters/db/score-repository';
import type { SafariClient } from '../adapters/safari/safari-client';
import type { ScoreWeights } from '../domain/scoring';

/** Everything activities may touch, as interfaces: the worker injects real adapters, tests fakes. */
export interface ActivityDeps {
  contacts: ContactRepository;
  inbox: InboxRepository;
  scores: ScoreRepository;
  events: EventRepository;
  safari: SafariClient;
  scoreWeights: ScoreWeights;
  /** Activities read the clock through this, so tests can pin it. */
  now: () => number;
}
