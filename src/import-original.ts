import { importOriginal } from './app/sync/original-import';
import { createContactRepository } from './adapters/db/contact-repository';
import { createInboxRepository } from './adapters/db/inbox-repository';
import { createOriginalTables } from './adapters/db/original-tables';
import { createScoreRepository } from './adapters/db/score-repository';
import { createSupabase } from './adapters/db/supabase';
import { loadConfigOrExit, loadImportConfig } from './config';

/**
 * `npm run import:original`: copies the original crm-server's contacts, thread ids and messages
 * (`instagram_contacts`, `instagram_conversations`, `instagram_messages` in the same Supabase
 * project) into this CRM, for CRM_ACCOUNT_ID. Reads them only; running it again changes nothing.
 * Best run before the first sync (see README, "Coming from the original crm-server").
 */

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const config = loadConfigOrExit(loadImportConfig);
  const db = createSupabase(config.crmDb);
  const original = createOriginalTables(db);
  if (!(await original.present())) {
    say('No instagram_contacts table in this project: nothing to import.');
    return;
  }
  say(`Importing ${await original.count()} contacts of the original crm-server into account "${config.accountId}"...`);
  const ports = {
    original,
    contacts: createContactRepository(db),
    scores: createScoreRepository(db),
    inbox: createInboxRepository(db),
    now: Date.now,
    scoreWeights: config.scoring.weights,
  };
  const report = await importOriginal(ports, config.accountId, new Date().toISOString(), (r) =>
    say(`  ${r.contactsRead} contacts read, ${r.messagesAdded} messages added so far`),
  );
  say(
    `Done: ${report.created} contacts created, ${report.updated} updated, ${report.unchanged} unchanged; ${report.threads} threads, ${report.messagesAdded} of ${report.messagesRead} messages added (the rest were already here).`,
  );
  for (const [reason, n] of Object.entries(report.skipped)) say(`Skipped ${n}: ${reason}`);
  for (const e of report.examples) say(`  e.g. "${e.username}": ${e.reason}`);
}

main().catch((err: Error) => {
  process.stderr.write(`import failed: ${err.message}\n`);
  process.exit(1);
});
