import { setHandler } from '@temporalio/workflow';
import { activityProxies } from './activity-proxies';
import { importProgressQuery, type ImportContactsInput, type ImportContactsProgress } from '../contracts/contacts';

/** Rows per activity call: one request and one transaction each, small enough to stay fast. */
export const IMPORT_BATCH_SIZE = 500;

/** Imports contacts in batches; re-running it with the same input changes nothing. */
export async function importContacts(input: ImportContactsInput): Promise<ImportContactsProgress> {
  const { db } = activityProxies(input.timing);
  const progress: ImportContactsProgress = {
    total: input.contacts.length,
    processed: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
  };
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
