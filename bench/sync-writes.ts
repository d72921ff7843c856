import type { TestSupabase } from '../test/helpers/supabase';

/**
 * What a sync wrote, counted in the database rather than taken from the sync's own report, so a
 * write the sync does not count (or miscounts) still shows. Shared by both sync benchmark cases.
 */

/** The database's clock: the rows' timestamps come from it, not from this process. */
export async function dbNow(sb: TestSupabase): Promise<string> {
  return (await sb.sql.query<{ t: string }>('select now()::text as t'))[0]!.t;
}

/** Data rows inserted or updated since a database time (the sync.completed event is not data). */
export async function rowsWrittenSince(sb: TestSupabase, account: string, since: string): Promise<number> {
  return (await dataRowsSince(sb, account, since)).rowsWritten;
}

/** The same rows by table: which writes a re-sync made, not only how many. */
export async function dataRowsSince(sb: TestSupabase, account: string, since: string) {
  const [row] = await sb.sql.query<Record<'contacts' | 'conversations' | 'messages' | 'scores', string>>(
    `select (select count(*) from contacts where account_id = $1 and updated_at > $2) as contacts,
            (select count(*) from conversations where account_id = $1 and updated_at > $2) as conversations,
            (select count(*) from messages where account_id = $1 and observed_at > $2) as messages,
            (select count(*) from score_history h join contacts c on c.id = h.contact_id where c.account_id = $1 and h.scored_at > $2) as scores`,
    [account, since],
  );
  const n = {
    contactRows: Number(row!.contacts),
    conversationRows: Number(row!.conversations),
    messageRows: Number(row!.messages),
    scoreRows: Number(row!.scores),
  };
  return { rowsWritten: n.contactRows + n.conversationRows + n.messageRows + n.scoreRows, ...n };
}

/**
 * Identity rows written since a database time, which rowsWrittenSince does not see. Aliases moved by
 * a merge keep their first_seen_at, so they show as the merge row, not as new aliases. A profile
 * looked up again rewrites looked_up_at, so it counts as written.
 */
export async function identityRowsSince(sb: TestSupabase, account: string, since: string) {
  const [row] = await sb.sql.query<Record<'aliases' | 'merges' | 'lookups' | 'suspects' | 'lookups_total', string>>(
    `select (select count(*) from contact_aliases where account_id = $1 and first_seen_at > $2) as aliases,
            (select count(*) from contact_merges where account_id = $1 and merged_at > $2) as merges,
            (select count(*) from profile_lookups where account_id = $1 and looked_up_at > $2) as lookups,
            (select count(*) from contact_duplicate_suspects where account_id = $1 and noted_at > $2) as suspects,
            (select count(*) from profile_lookups where account_id = $1) as lookups_total`,
    [account, since],
  );
  return {
    aliasRows: Number(row!.aliases),
    mergeRows: Number(row!.merges),
    lookupRows: Number(row!.lookups),
    suspectRows: Number(row!.suspects),
    // All the account's remembered lookups: tells new handles looked up from the same ones again.
    lookupRowsTotal: Number(row!.lookups_total),
  };
}
