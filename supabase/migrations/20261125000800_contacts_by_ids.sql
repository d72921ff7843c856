-- Contacts of an account by id, for batch work (a sync batch rescoring up to 500 contacts): the
-- ids travel in the request body, since as a PostgREST `in` filter they outgrow a URL.
create or replace function public.crm_contacts_by_ids(p_account_id text, p_ids uuid[])
returns setof public.contacts
language sql stable as $$
  select * from public.contacts where account_id = p_account_id and id = any (p_ids) order by id
$$;

revoke execute on function public.crm_contacts_by_ids(text, uuid[]) from public, anon, authenticated;
