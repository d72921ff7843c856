-- Contacts of an account by username, for bulk work such as POST /api/scoring/batch (up to 500
-- names). A function because the names travel in the request body: as a PostgREST `in` filter they
-- would make a URL of ~18 kB, past what Node's HTTP parser (16 kB) and common gateways (8 kB) accept.

create or replace function public.crm_contacts_by_usernames(p_account_id text, p_usernames text[])
returns setof public.contacts
language sql stable as $$
  select * from public.contacts
  where account_id = p_account_id and username = any (p_usernames)
  order by id
$$;

revoke execute on function public.crm_contacts_by_usernames(text, text[]) from public, anon, authenticated;
