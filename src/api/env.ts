import type { Logger } from '../adapters/logging/logger';
import type { ContactRepository } from '../adapters/db/contact-repository';
import type { ScoreRepository } from '../adapters/db/score-repository';
import type { DependencyProbe } from '../adapters/health/probes';
import type { ScoreWeights } from '../domain/scoring';
import type { WorkflowGateway } from '../temporal/workflow-gateway';
import type { WorkflowTiming } from '../workflows/definitions';
import type { SenderTiming } from '../workflows/sender-definitions';

/** What route handlers may use, injected once by the composition root (tests inject fakes). */
export interface ApiDeps {
  config: {
    apiKey: string;
    bodyLimitBytes: number;
    accountId: string;
    temporalUiUrl: string;
    temporalNamespace: string;
    scoreWeights: ScoreWeights;
    sync: { batchSize: number; readLimit: number; batchesPerRun: number };
    timing: WorkflowTiming;
    /** The sender workflow's timing, for starting an account's sender. */
    senderTiming: SenderTiming;
    /** How long the original server's synchronous sync routes wait for the workflow's result. */
    compatWaitMs: number;
  };
  log: Logger;
  workflows: WorkflowGateway;
  contacts: ContactRepository;
  scores: ScoreRepository;
  probes: DependencyProbe[];
  /** The clock routes use for scoring, so tests can pin it. */
  now: () => number;
}

export interface AppEnv {
  Variables: {
    deps: ApiDeps;
    requestId: string;
    log: Logger;
  };
}
