-- The known contacts an inbox listing can match: by thread id, by handle, or by display name
-- (compared as the sync compares them: NFC, whitespace collapsed, trimmed, lower-cased). A sync
-- reads these few instead of every contact of the account; the values travel in the body. One jsonb
-- array, because PostgREST caps a function's rows at max-rows (1000 on a Supabase project) too.
create index if not exists contacts_account_display_key_idx
  on public.contacts (account_id, lower(btrim(regexp_replace(normalize(display_name, NFC), '\s+', ' ', 'g'))));

create or replace function public.crm_identities_for_listing(p_account_id text, p_thread_ids text[],
  p_handles text[], p_display_keys text[])
returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'username', m.username,
      'display_name', m.display_name, 'thread_id', m.thread_id) order by m.id), '[]'::jsonb)
  from (
    select c.id, c.username, c.display_name, c.thread_id from public.contacts c
    where c.account_id = p_account_id and c.thread_id = any (p_thread_ids)
    union
    select c.id, c.username, c.display_name, c.thread_id from public.contacts c
    where c.account_id = p_account_id and c.username = any (p_handles)
    union
    select c.id, c.username, c.display_name, c.thread_id from public.contacts c
    where c.account_id = p_account_id
      and lower(btrim(regexp_replace(normalize(c.display_name, NFC), '\s+', ' ', 'g'))) = any (p_display_keys)
  ) m
$$;
revoke execute on function public.crm_identities_for_listing(text, text[], text[], text[]) from public, anon, authenticated;
