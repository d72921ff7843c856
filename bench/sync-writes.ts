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
  const [row] = await sb.sql.query<{ n: string }>(
    `select (select count(*) from contacts where account_id = $1 and updated_at > $2)
          + (select count(*) from conversations where account_id = $1 and updated_at > $2)
          + (select count(*) from messages where account_id = $1 and observed_at > $2)
          + (select count(*) from score_history h join contacts c on c.id = h.contact_id where c.account_id = $1 and h.scored_at > $2) as n`,
    [account, since],
  );
  return Number(row!.n);
}

/**
 * Identity rows written since a database time, which rowsWrittenSince does not see. Aliases moved by
 * a merge keep their first_seen_at, so they show as the merge row, not as new aliases. A profile
 * looked up again rewrites looked_up_at, so it counts as written.
 */
export async function identityRowsSince(sb: TestSupabase, account: string, since: string) {
  const [row] = await sb.sql.query<Record<'aliases' | 'merges' | 'lookups' | 'suspects', string>>(
    `select (select count(*) from contact_aliases where account_id = $1 and first_seen_at > $2) as aliases,
            (select count(*) from contact_merges where account_id = $1 and merged_at > $2) as merges,
            (select count(*) from profile_lookups where account_id = $1 and looked_up_at > $2) as lookups,
            (select count(*) from contact_duplicate_suspects where account_id = $1 and noted_at > $2) as suspects`,
    [account, since],
  );
  return { aliasRows: Number(row!.aliases), mergeRows: Number(row!.merges), lookupRows: Number(row!.lookups), suspectRows: Number(row!.suspects) };
}

/** Contacts and conversations of an account: one person, one contact, one conversation. */
export async function peopleCounts(sb: TestSupabase, account: string) {
  const [row] = await sb.sql.query<{ contacts: string; conversations: string }>(
    `select (select count(*) from contacts where account_id = $1) as contacts,
            (select count(*) from conversations where account_id = $1) as conversations`,
    [account],
  );
  return { contacts: Number(row!.contacts), conversations: Number(row!.conversations) };
}
