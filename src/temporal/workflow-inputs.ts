import type { Config } from '../config';
import type { RescoreContactsInput, SyncConversationsInput, SyncScope } from '../workflows/definitions';

/**
 * Workflow inputs built from config: every size and wait a workflow uses travels in its input, so
 * workflows never read config (they cannot) and tests run the same code with small numbers.
 */

/** The parts of config workflow inputs come from (the API's deps carry the same shape). */
export interface InputSettings {
  accountId: string;
  sync: Pick<Config['sync'], 'batchSize' | 'readLimit' | 'batchesPerRun'>;
  timing: Config['timing'];
}

export const inputSettings = (config: Config): InputSettings => ({ accountId: config.server.accountId, sync: config.sync, timing: config.timing });

export function syncInputFromConfig(
  s: InputSettings,
  scope: SyncScope = { kind: 'inbox', tab: 'all' },
  readThreads = true,
  requestId?: string,
): SyncConversationsInput {
  const { batchSize, readLimit, batchesPerRun } = s.sync;
  return { version: 1, accountId: s.accountId, scope, readThreads, batchSize, readLimit, batchesPerRun, timing: s.timing, requestId };
}

/** Pages of 1000 rows: the most one data-API response returns. */
export function rescoreInputFromConfig(s: InputSettings, reason: string): RescoreContactsInput {
  return { version: 1, accountId: s.accountId, pageSize: 1000, pagesPerRun: 200, reason, timing: s.timing };
}
