-- Creating or changing an account writes its account.updated event (built in TypeScript: which
-- fields, and the name of the API key that asked) in the same transaction as the change. The given
-- columns are set as the table types them; which columns exist for the API is the application's map.
create or replace function public.crm_save_account(p_id text, p_safari_url text, p_create boolean, p_set jsonb, p_events jsonb)
returns jsonb
language plpgsql
set search_path = public
as $$
declare
  v_row public.accounts;
  v_column text;
begin
  if p_create then
    insert into public.accounts (id, safari_url) values (p_id, p_safari_url) on conflict (id) do nothing returning * into v_row;
    if not found then return jsonb_build_object('status', 'exists'); end if;
  else
    select * into v_row from public.accounts where id = p_id for update;
    if not found then return jsonb_build_object('status', 'not_found'); end if;
  end if;
  for v_column in select jsonb_object_keys(coalesce(p_set, '{}'::jsonb)) loop
    execute format('update public.accounts set %I = (jsonb_populate_record(null::public.accounts, $1)).%I where id = $2', v_column, v_column)
      using p_set, p_id;
  end loop;
  perform public.crm_emit_outbox_events(p_id, p_events);
  select * into v_row from public.accounts where id = p_id;
  return jsonb_build_object('status', 'saved', 'account', to_jsonb(v_row));
end;
$$;

revoke execute on function public.crm_save_account(text, text, boolean, jsonb, jsonb) from public, anon, authenticated;
