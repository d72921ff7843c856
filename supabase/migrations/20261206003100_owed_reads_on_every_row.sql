-- Inbox sync, step 1 (as 20261206000900): the read TypeScript decided for a row (read-queue.ts) is
-- now applied whether or not the row shows anything new. Before, only a row that changed was
-- written, so a read owed for an unchanged row (one that failed, one never made) was dropped, and
-- the retry of a failed read went as a second write beside this one.
create or replace function public.crm_sync_inbox(p_account_id text, p_rows jsonb)
returns jsonb
language plpgsql as $$
declare
  n_found integer;
  n_created integer;
  n_updated integer;
  n_conv_created integer;
  n_conv_updated integer;
begin
  create temp table _listing on commit drop as
    select row_number() over () as n, x.* from jsonb_to_recordset(p_rows) as x(contact_id uuid, is_new boolean,
      username text, display_name text, thread_id text, listing_name text, tab text, preview text, preview_is_outbound boolean,
      unread_count integer, read boolean, event jsonb, seen_thread_id text, seen_display_name text, seen_preview text,
      seen_outbound boolean, seen_unread integer);
  get diagnostics n_found = row_count;

  -- A handle created since the caller read its contacts is that contact, not a new one.
  update _listing l set contact_id = c.id, is_new = false, event = null from public.contacts c
    where l.is_new and l.username is not null and c.account_id = p_account_id and c.username = l.username;
  insert into public.contacts (id, account_id, username, display_name, thread_id)
    select contact_id, p_account_id, username, display_name, thread_id from _listing where is_new order by n;
  get diagnostics n_created = row_count;

  with upd as (
    update public.contacts c set thread_id = coalesce(c.thread_id, l.thread_id), display_name = coalesce(c.display_name, l.display_name)
    from _listing l where not l.is_new and l.event is not null and c.id = l.contact_id
      and (c.thread_id, c.display_name) is not distinct from (l.seen_thread_id, l.seen_display_name)
    returning l.n)
  update _listing l set event = null where not l.is_new and l.n not in (select n from upd);
  select count(*) into n_updated from _listing where not is_new and event is not null;
  perform public.crm_emit_outbox_events(p_account_id, (select jsonb_agg(event order by n) from _listing where event is not null));

  insert into public.conversations (account_id, contact_id, thread_id, tab, listing_name,
      last_message_preview, last_message_is_outbound, unread_count)
    select p_account_id, l.contact_id, l.thread_id, coalesce(l.tab, 'primary'), l.listing_name,
      l.preview, l.preview_is_outbound, coalesce(l.unread_count, 0)
    from _listing l where not exists (select 1 from public.conversations c where c.contact_id = l.contact_id)
    order by l.n on conflict (contact_id) do nothing;
  get diagnostics n_conv_created = row_count;

  -- A null in a row means "not shown in this listing": it never erases what we know.
  update public.conversations c set
      last_message_preview = coalesce(l.preview, c.last_message_preview),
      last_message_is_outbound = coalesce(l.preview_is_outbound, c.last_message_is_outbound),
      tab = coalesce(l.tab, c.tab), unread_count = coalesce(l.unread_count, c.unread_count),
      listing_name = coalesce(l.listing_name, c.listing_name), thread_id = coalesce(c.thread_id, l.thread_id),
      needs_read = c.needs_read or l.read or (c.last_message_preview, c.last_message_is_outbound, c.unread_count)
        is distinct from (l.seen_preview, l.seen_outbound, l.seen_unread)
    from _listing l
    where c.contact_id = l.contact_id
      and ((l.read and not c.needs_read)
        or (c.last_message_preview, c.last_message_is_outbound, c.tab, c.unread_count, c.listing_name, c.thread_id) is distinct from
        (coalesce(l.preview, c.last_message_preview), coalesce(l.preview_is_outbound, c.last_message_is_outbound), coalesce(l.tab, c.tab),
         coalesce(l.unread_count, c.unread_count), coalesce(l.listing_name, c.listing_name), coalesce(c.thread_id, l.thread_id)));
  get diagnostics n_conv_updated = row_count;

  drop table _listing;
  return jsonb_build_object('found', n_found, 'contactsCreated', n_created, 'contactsUpdated', n_updated,
    'conversationsCreated', n_conv_created, 'conversationsUpdated', n_conv_updated, 'queued',
    (select count(*) from public.conversations where account_id = p_account_id and needs_read));
end
$$;
