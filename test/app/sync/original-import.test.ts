import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { importOriginal, type ImportPorts } from '../../../src/app/sync/original-import';
import { createContactRepository } from '../../../src/adapters/db/contact-repository';
import { createInboxRepository } from '../../../src/adapters/db/inbox-repository';
import { createOriginalTables } from '../../../src/adapters/db/original-tables';
import { createScoreRepository } from '../../../src/adapters/db/score-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { DEFAULT_SCORE_WEIGHTS } from '../../../src/domain/scoring';
import { startTestSupabase, type BackendKind, type TestSupabase } from '../../helpers/supabase';

// The original crm-server's tables, created with its own DDL beside ours in one project, taken over
// through the data API: contacts with what they knew, thread ids, messages merged as a sync merges
// them. A second run changes nothing; the original tables are never written.

const ACCOUNT = 'takeover';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function seedOriginal(sb: TestSupabase) {
  await sb.sql.exec(await readFile('test/fixtures/original-crm-schema.sql', 'utf8'));
  await sb.sql.exec(`
    insert into instagram_contacts (id, instagram_username, display_name, pipeline_stage, what_theyre_building, asks_opinion, fit_signals) values
      ('${id(1)}', 'Maya.Creates', 'Maya', 'trust_signals', 'a podcast studio', true, '{content-system}'),
      ('${id(2)}', 'maya.creates ', null, 'first_touch', null, false, '{}'),
      ('${id(3)}', 'not a handle!', null, null, null, false, '{}'),
      ('${id(4)}', 'quiet', null, 'first_touch', null, false, '{}'),
      ('${id(5)}', 'synced.one', null, 'first_touch', null, false, '{}');
    insert into instagram_conversations (id, contact_id, thread_id) values ('${id(11)}', '${id(1)}', '340282366841710300949');
    insert into instagram_messages (conversation_id, contact_id, message_text, is_outbound, sent_at) values
      ('${id(11)}', '${id(1)}', 'hey! loved the last episode', false, '2025-01-01T10:00:00Z'),
      ('${id(11)}', '${id(1)}', 'thanks!', true, '2025-01-01T10:05:00Z'),
      ('${id(11)}', '${id(1)}', 'ok', null, '2025-01-01T10:06:00Z'),
      ('${id(11)}', '${id(1)}', 'ok', false, '2025-01-01T10:07:00Z'),
      ('${id(11)}', '${id(1)}', '  ', false, '2025-01-01T10:08:00Z'),
      (null, '${id(5)}', 'first', false, '2025-01-02T10:00:00Z'),
      (null, '${id(5)}', 'second', true, '2025-01-02T10:01:00Z'),
      (null, '${id(5)}', 'third', false, '2025-01-02T10:02:00Z');
    notify pgrst, 'reload schema';`);
}

for (const backend of ['pglite', 'postgres'] as BackendKind[]) {
  describe(`importing the original crm-server's tables (${backend})`, () => {
    let sb: TestSupabase;
    let ports: ImportPorts;
    before(async () => {
      sb = await startTestSupabase(backend);
      // synced.one was already read by a sync: its first two messages are here.
      const [c] = await sb.sql.query<{ id: string }>(
        `insert into contacts (account_id, username) values ($1, 'synced.one') returning id`,
        [ACCOUNT],
      );
      const [v] = await sb.sql.query<{ id: string }>(
        `insert into conversations (account_id, contact_id, message_count) values ($1, $2, 2) returning id`,
        [ACCOUNT, c!.id],
      );
      await sb.sql.query(
        `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound) values ($1, $2, $3, 0, 'first', false), ($1, $2, $3, 1, 'second', true)`,
        [ACCOUNT, v!.id, c!.id],
      );
      await seedOriginal(sb);
      const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
      const original = createOriginalTables(db);
      for (let i = 0; !(await original.present()); i++) {
        assert.ok(i < 100, 'the data API did not see the original tables within 10 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      ports = {
        original,
        contacts: createContactRepository(db),
        scores: createScoreRepository(db),
        inbox: createInboxRepository(db),
        now: Date.now,
        scoreWeights: DEFAULT_SCORE_WEIGHTS,
      };
    });
    after(async () => {
      await sb?.stop();
    });

    const thread = async (username: string) =>
      (
        await sb.sql.query<{ message_text: string; is_outbound: boolean }>(
          `select m.message_text, m.is_outbound from messages m join contacts c on c.id = m.contact_id where c.account_id = $1 and c.username = $2 order by m.position`,
          [ACCOUNT, username],
        )
      ).map((m) => `${m.is_outbound ? '>' : '<'} ${m.message_text}`);
    const fingerprint = async (tables: string[]) =>
      JSON.stringify(
        await Promise.all(
          tables.map((t) =>
            sb.sql.query(
              `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from (select * from ${t} s) x`,
            ),
          ),
        ),
      );
    const OURS = [
      '(select id, username, display_name, thread_id, relationship_score, pipeline_stage, what_theyre_building, asks_opinion, fit_signals, total_messages_received, total_messages_sent from contacts)',
      'messages',
      'event_outbox',
      '(select contact_id, thread_id, message_count from conversations)',
    ];

    it('copies contacts, thread ids and messages once, merged as a sync merges them, and says what it skipped', async () => {
      const originalBefore = await fingerprint(['instagram_contacts', 'instagram_conversations', 'instagram_messages']);
      const report = await importOriginal(ports, ACCOUNT, 'run-1');
      assert.deepEqual(
        [report.contactsRead, report.created, report.skipped],
        [5, 2, { duplicate_username: 1, invalid_username: 1, empty_message: 1 }],
      );
      assert.deepEqual(
        await thread('maya.creates'),
        ['< hey! loved the last episode', '> thanks!', '< ok', '< ok'],
        'repeated short replies kept, the blank one skipped',
      );
      assert.deepEqual(
        await thread('synced.one'),
        ['< first', '> second', '< third'],
        'only what the sync had not read yet is added',
      );
      const [maya] = await sb.sql.query<Record<string, unknown>>(
        `select * from contacts where account_id = $1 and username = 'maya.creates'`,
        [ACCOUNT],
      );
      assert.deepEqual(
        [
          maya!.display_name,
          maya!.thread_id,
          maya!.pipeline_stage,
          maya!.what_theyre_building,
          maya!.asks_opinion,
          maya!.fit_signals,
          maya!.total_messages_received,
        ],
        ['Maya', '340282366841710300949', 'trust_signals', 'a podcast studio', true, ['content-system'], 3],
      );
      const unscored = await sb.sql.query(
        `select username from contacts where account_id = $1 and relationship_score is null`,
        [ACCOUNT],
      );
      assert.deepEqual(unscored, [], 'every imported contact has a score');
      assert.equal(
        await fingerprint(['instagram_contacts', 'instagram_conversations', 'instagram_messages']),
        originalBefore,
        'the original tables are only read',
      );
    });

    it('changes nothing when run again', async () => {
      const before = await fingerprint(OURS);
      const again = await importOriginal(ports, ACCOUNT, 'run-2');
      assert.deepEqual([again.created, again.updated, again.messagesAdded], [0, 0, 0]);
      assert.equal(await fingerprint(OURS), before);
    });

    it('npm run import:original runs the same import and says what it did', async () => {
      const env = {
        ...process.env,
        CRM_SUPABASE_URL: sb.url,
        CRM_SUPABASE_KEY: sb.serviceRoleKey,
        CRM_ACCOUNT_ID: ACCOUNT,
      };
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/import-original.ts'], {
        env,
      });
      assert.match(stdout, /Importing 5 contacts of the original crm-server into account "takeover"/);
      assert.match(stdout, /Done: 0 contacts created, 0 updated, 3 unchanged; 2 threads, 0 of 8 messages added/);
      assert.match(stdout, /Skipped 1: invalid_username[\s\S]*"not a handle!": invalid_username/);
    });
  });
}
