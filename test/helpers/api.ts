import { createLogger } from '../../src/adapters/logging/logger';
import type { ApiDeps } from '../../src/api/env';

export const TEST_API_KEY = 'test-api-key-0123456789';

const unused = (what: string) => () => {
  throw new Error(`${what} was not expected to be called in this test`);
};

/** API deps for route tests: every port fails loudly unless the test provides it. */
export type ApiDepsOverrides = Partial<Omit<ApiDeps, 'config'>> & { config?: Partial<ApiDeps['config']> };

export function makeApiDeps(overrides: ApiDepsOverrides = {}): ApiDeps {
  return {
    config: {
      apiKey: TEST_API_KEY,
      bodyLimitBytes: 64 * 1024,
      accountId: 'test-account',
      temporalUiUrl: 'http://localhost:8233',
      temporalNamespace: 'default',
      ...overrides.config,
    },
    log: overrides.log ?? createLogger({ level: 'silent', name: 'test' }),
    workflows: overrides.workflows ?? {
      startImportContacts: unused('workflows.startImportContacts'),
      describe: unused('workflows.describe'),
      ping: unused('workflows.ping'),
    },
    contacts: overrides.contacts ?? {
      upsertContacts: unused('contacts.upsertContacts'),
      getContact: unused('contacts.getContact'),
    },
    probes: overrides.probes ?? [],
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
