import { defineQuery, setHandler } from '@temporalio/workflow';
import { activityProxies } from './activity-proxies';
import { defineWorkflow, PROGRESS_QUERY_NAME } from './contract';
import type { ImportContactsInput, ImportContactsProgress } from './definitions';

/** Rows per activity call: one request and one transaction each, small enough to stay fast. */
export const IMPORT_BATCH_SIZE = 500;

export const importProgressQuery = defineQuery<ImportContactsProgress>(PROGRESS_QUERY_NAME);

/** Imports contacts in batches; re-running it with the same input changes nothing. */
export async function importContacts(input: ImportContactsInput): Promise<ImportContactsProgress> {
  const { db } = activityProxies(input.timing);
  const progress: ImportContactsProgress = { total: input.contacts.length, processed: 0, created: 0, updated: 0, unchanged: 0 };
  setHandler(importProgressQuery, () => progress);

  for (let start = 0; start < input.contacts.length; start += IMPORT_BATCH_SIZE) {
    const batch = input.contacts.slice(start, start + IMPORT_BATCH_SIZE);
    const result = await db.upsertContacts(input.accountId, batch);
    progress.processed += batch.length;
    progress.created += result.created;
    progress.updated += result.updated;
    progress.unchanged += result.unchanged;
  }
  return progress;
}

export const importContactsContract = defineWorkflow({
  workflow: importContacts,
  kind: 'import-contacts',
  policy: 'once',
  /** The key is the request's idempotency key or a hash of its body. */
  id: (input, key) => `import-contacts:${input.accountId}:${key ?? 'default'}`,
  progressQuery: importProgressQuery,
  summary: (input) => `Import ${input.contacts.length} contacts`,
});
