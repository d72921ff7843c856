-- Create contacts, or update only the fields a caller gave, now also by id (PATCH
-- /api/contacts/:id, which reaches contacts known only by a display name): an item with `id`
-- updates that contact of the account or answers `not_found`; one with `username` works as before.
-- `opted_out` is no longer written here: opting out and back in go through crm_set_opt_out, which
-- records why, cancels what was waiting and writes the event.

create or replace function public.crm_upsert_contacts(p_account_id text, p_contacts jsonb)
returns jsonb
language plpgsql as $$
declare
  writable constant text[] := array[
    'display_name', 'thread_id', 'pipeline_stage', 'what_theyre_building', 'current_friction',
    'their_definition_of_win', 'asks_opinion', 'shares_updates', 'has_referred_others',
    'fit_signals', 'tags', 'notes'];
  item jsonb;
  given jsonb;
  v_username text;
  v_old public.contacts;
  v_new public.contacts;
  v_created boolean;
  v_changes jsonb;
  results jsonb := '[]'::jsonb;
  n_created integer := 0;
  n_updated integer := 0;
  n_unchanged integer := 0;
begin
  for item in select value from jsonb_array_elements(p_contacts) loop
    select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) into given
      from jsonb_each(item) where key = any (writable);

    if item ? 'id' then
      select * into v_old from public.contacts where account_id = p_account_id and id = (item ->> 'id')::uuid for update;
      if not found then
        results := results || jsonb_build_object('id', item ->> 'id', 'username', null, 'status', 'not_found');
        continue;
      end if;
      v_created := false;
    else
      v_username := lower(item ->> 'username');
      insert into public.contacts (account_id, username) values (p_account_id, v_username)
        on conflict (account_id, username) do nothing
        returning * into v_old;
      v_created := v_old.id is not null;
      if not v_created then
        select * into v_old from public.contacts
          where account_id = p_account_id and username = v_username for update;
      end if;
    end if;

    v_new := jsonb_populate_record(v_old, given);
    select coalesce(jsonb_object_agg(n.key, n.value), '{}'::jsonb) into v_changes
      from jsonb_each(to_jsonb(v_new)) n join jsonb_each(to_jsonb(v_old)) o using (key)
      where n.value is distinct from o.value;

    if v_changes <> '{}'::jsonb then
      update public.contacts set
        display_name = v_new.display_name, thread_id = v_new.thread_id,
        pipeline_stage = v_new.pipeline_stage, what_theyre_building = v_new.what_theyre_building,
        current_friction = v_new.current_friction, their_definition_of_win = v_new.their_definition_of_win,
        asks_opinion = v_new.asks_opinion, shares_updates = v_new.shares_updates,
        has_referred_others = v_new.has_referred_others, fit_signals = v_new.fit_signals,
        tags = v_new.tags, notes = v_new.notes
      where id = v_old.id
      returning * into v_new;
    end if;

    if v_created then
      n_created := n_created + 1;
      perform public.crm_emit_event(p_account_id, 'contact.created', 'contact', v_new.id::text,
        jsonb_build_object('contact', public.crm_contact_summary(v_new)));
    elsif v_changes <> '{}'::jsonb then
      n_updated := n_updated + 1;
      perform public.crm_emit_event(p_account_id, 'contact.updated', 'contact', v_new.id::text,
        jsonb_build_object('contact', public.crm_contact_summary(v_new), 'changes', v_changes));
    else
      n_unchanged := n_unchanged + 1;
    end if;
    results := results || jsonb_build_object('id', v_new.id, 'username', v_new.username,
      'status', case when v_created then 'created' when v_changes <> '{}'::jsonb then 'updated' else 'unchanged' end);
  end loop;
  return jsonb_build_object('created', n_created, 'updated', n_updated, 'unchanged', n_unchanged,
    'contacts', results);
end
$$;

revoke execute on function public.crm_upsert_contacts(text, jsonb) from public, anon, authenticated;
