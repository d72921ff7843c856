import type { Logger } from '../adapters/logging/logger';
import type { ContactRepository } from '../adapters/db/contact-repository';
import type { DependencyProbe } from '../adapters/health/probes';
import type { WorkflowGateway } from '../temporal/workflow-gateway';

/** What route handlers may use, injected once by the composition root (tests inject fakes). */
export interface ApiDeps {
  config: {
    apiKey: string;
    bodyLimitBytes: number;
    accountId: string;
    temporalUiUrl: string;
    temporalNamespace: string;
  };
  log: Logger;
  workflows: WorkflowGateway;
  contacts: ContactRepository;
  probes: DependencyProbe[];
}

export interface AppEnv {
  Variables: {
    deps: ApiDeps;
    requestId: string;
    log: Logger;
  };
}
