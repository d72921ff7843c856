-- A merge carries what was learned and the latest reply (issue 23): survivingFields
-- (src/domain/contact-merge.ts) decides learned_fields, last_intent and last_replied_at, and the
-- write takes them as it takes the other decided fields. Otherwise crm_merge_contacts is unchanged.

-- p_expected: {survivor, absorbed: message counts; survivor_at, absorbed_at: the contacts' updated_at;
-- items: [{id, status}] of every DM of both}; p_cancel: [{id, error, detail}] of either contact's DMs
-- to cancel; p_fields: the survivor's fields after the merge (contacts' column names).
create or replace function public.crm_merge_contacts(p_account_id text, p_survivor uuid, p_absorbed uuid,
  p_evidence jsonb, p_by text, p_order uuid[], p_expected jsonb, p_cancel jsonb, p_event jsonb, p_fields jsonb)
returns jsonb
language plpgsql as $$
declare
  s public.contacts;
  a public.contacts;
  sv uuid;
  av uuid;
  n_cancelled integer;
begin
  if p_survivor = p_absorbed then return jsonb_build_object('merged', false, 'reason', 'same_contact'); end if;
  -- DMs first: the sender locks a DM before its contact's conversation and row, so this order waits for it.
  perform 1 from public.outreach_items where contact_id in (p_survivor, p_absorbed) order by id for update;
  perform 1 from public.contacts where id in (p_survivor, p_absorbed) order by id for update;
  select * into s from public.contacts where id = p_survivor and account_id = p_account_id;
  select * into a from public.contacts where id = p_absorbed and account_id = p_account_id;
  if s.id is null or a.id is null then return jsonb_build_object('merged', false, 'reason', 'not_found'); end if;
  select id into sv from public.conversations where contact_id = p_survivor for update;
  select id into av from public.conversations where contact_id = p_absorbed for update;
  if s.updated_at <> (p_expected ->> 'survivor_at')::timestamptz or a.updated_at <> (p_expected ->> 'absorbed_at')::timestamptz
     or (select count(*) from public.messages where contact_id = p_survivor) <> (p_expected ->> 'survivor')::integer
     or (select count(*) from public.messages where contact_id = p_absorbed) <> (p_expected ->> 'absorbed')::integer
     or (select count(*) from public.messages where id = any (p_order) and contact_id in (p_survivor, p_absorbed))
        <> coalesce(cardinality(p_order), 0)
     or (select count(*) from public.outreach_items where contact_id in (p_survivor, p_absorbed))
        <> jsonb_array_length(coalesce(p_expected -> 'items', '[]'::jsonb))
     or exists (select 1 from jsonb_to_recordset(coalesce(p_expected -> 'items', '[]'::jsonb)) as x(id uuid, status text)
                where not exists (select 1 from public.outreach_items o
                                  where o.id = x.id and o.contact_id in (p_survivor, p_absorbed) and o.status = x.status)) then
    return jsonb_build_object('merged', false, 'reason', 'changed');
  end if;

  if av is not null and sv is null then
    update public.conversations set contact_id = p_survivor where id = av;
    update public.messages set contact_id = p_survivor where conversation_id = av;
    sv := av;
  elsif av is not null then
    -- Out of the way first (positions are unique per conversation), then into the planned order.
    update public.messages set position = position + 1000000000 where conversation_id in (sv, av);
    delete from public.messages where conversation_id in (sv, av) and not (id = any (coalesce(p_order, '{}')));
    update public.messages m set conversation_id = sv, contact_id = p_survivor, position = o.ord - 1
      from unnest(p_order) with ordinality as o(id, ord) where m.id = o.id;
    update public.conversations c set thread_id = coalesce(c.thread_id, x.thread_id),
        listing_name = coalesce(c.listing_name, x.listing_name),
        last_message_preview = coalesce(c.last_message_preview, x.last_message_preview),
        last_message_is_outbound = coalesce(c.last_message_is_outbound, x.last_message_is_outbound),
        last_read_at = greatest(c.last_read_at, x.last_read_at)
      from public.conversations x where c.id = sv and x.id = av;
    delete from public.conversations where id = av;
  end if;
  update public.conversations set message_count = (select count(*) from public.messages where conversation_id = sv)
    where id = sv;

  with cancelled as (
    update public.outreach_items o set status = 'cancelled', last_error = x.error
    from jsonb_to_recordset(coalesce(p_cancel, '[]'::jsonb)) as x(id uuid, error text, detail jsonb)
    where o.id = x.id and o.contact_id in (p_survivor, p_absorbed)
    returning o.id, x.detail),
  history as (insert into public.outreach_item_events (item_id, status, detail)
              select id, 'cancelled', coalesce(detail, '{}'::jsonb) from cancelled returning 1)
  select count(*) into n_cancelled from history;
  update public.outreach_items set contact_id = p_survivor where contact_id = p_absorbed;

  create temp table _aliases on commit drop as select * from public.contact_aliases where contact_id = p_absorbed;
  delete from public.contact_aliases where contact_id = p_absorbed;
  insert into public.contact_aliases (account_id, contact_id, kind, value, shown, first_seen_at)
    select account_id, p_survivor, kind, value, shown, first_seen_at from _aliases on conflict do nothing;
  drop table _aliases;
  update public.contact_merges set survivor_id = p_survivor where survivor_id = p_absorbed;
  insert into public.contact_merges (absorbed_id, account_id, survivor_id, evidence, merged_by)
    values (p_absorbed, p_account_id, p_survivor, p_evidence, p_by);
  delete from public.contacts where id = p_absorbed;

  -- The absorbed row is gone (its handle and thread id are free): the survivor takes the decided values.
  update public.contacts c set (username, display_name, thread_id, what_theyre_building, current_friction,
      their_definition_of_win, notes, asks_opinion, shares_updates, has_referred_others, fit_signals, tags,
      value_delivered_count, promises_kept, promises_made, pipeline_stage, opted_out, opted_out_at, opted_out_reason,
      opted_out_by, opted_out_message_id, opted_in_at, last_message_at, total_messages_sent, total_messages_received,
      learned_fields, last_intent, last_replied_at)
    = (select f.username, f.display_name, f.thread_id, f.what_theyre_building, f.current_friction,
      f.their_definition_of_win, f.notes, f.asks_opinion, f.shares_updates, f.has_referred_others, f.fit_signals, f.tags,
      f.value_delivered_count, f.promises_kept, f.promises_made, f.pipeline_stage, f.opted_out, f.opted_out_at, f.opted_out_reason,
      f.opted_out_by, f.opted_out_message_id, f.opted_in_at, f.last_message_at, f.total_messages_sent, f.total_messages_received,
      f.learned_fields, f.last_intent, f.last_replied_at
      from jsonb_populate_record(c, p_fields) f)
    where c.id = p_survivor;

  perform public.crm_emit_event(p_account_id, 'contact.merged', 'contact', p_survivor::text, p_event);
  return jsonb_build_object('merged', true, 'survivorId', p_survivor, 'absorbedId', p_absorbed,
    'messages', (select count(*) from public.messages where contact_id = p_survivor), 'outreachCancelled', n_cancelled);
end
$$;
revoke execute on function public.crm_merge_contacts(text, uuid, uuid, jsonb, text, uuid[], jsonb, jsonb, jsonb, jsonb) from public, anon, authenticated;
