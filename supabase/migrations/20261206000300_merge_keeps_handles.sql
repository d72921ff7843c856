-- A merge never re-addresses a DM. What a merge does with the two contacts' DMs is decided in
-- TypeScript (src/domain/merge-rules.ts) from what crm_merge_inputs read: which of the absorbed
-- contact's waiting DMs are cancelled, and why. The write cancels those, attaches the absorbed
-- contact's other DMs to the survivor unchanged (their handle included: a DM goes only to the handle
-- it was written for), and refuses ('changed') when any DM of either contact is not in the status the
-- plan read, so a DM the sender reserved meanwhile is never touched. Replaces 20261129000500's
-- function, whose own rules (re-addressing, its copies of the status lists) go with it. One person,
-- one opt-out: the survivor takes the absorbed contact's opt-out with its reason, time, message and
-- author, and the DMs cancelled because either contact opted out may be the survivor's own too.

create or replace function public.crm_merge_inputs(p_account_id text, p_contact_ids uuid[])
returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('contact', to_jsonb(c), 'conversation_id', v.id,
      'message_count', coalesce(v.message_count, 0),
      'messages', (select coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'position', m.position,
          'text', m.message_text, 'is_outbound', m.is_outbound, 'at', coalesce(m.sent_at, m.observed_at)) order by m.position), '[]')
        from public.messages m where m.conversation_id = v.id),
      'outreach', (select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'status', o.status, 'username', o.username,
          'text_key', o.text_key, 'campaign', o.campaign) order by o.seq), '[]')
        from public.outreach_items o where o.contact_id = c.id))), '[]'::jsonb)
  from public.contacts c left join public.conversations v on v.contact_id = c.id
  where c.account_id = p_account_id and c.id = any (p_contact_ids)
$$;

drop function if exists public.crm_merge_contacts(text, uuid, uuid, jsonb, text, uuid[], jsonb, jsonb);

-- p_expected: {survivor, absorbed: message counts; items: [{id, status}] of every DM of both};
-- p_cancel: [{id, error, detail}] of either contact's DMs to cancel.
create or replace function public.crm_merge_contacts(p_account_id text, p_survivor uuid, p_absorbed uuid,
  p_evidence jsonb, p_by text, p_order uuid[], p_expected jsonb, p_cancel jsonb, p_event jsonb)
returns jsonb
language plpgsql as $$
declare
  s public.contacts;
  a public.contacts;
  sv uuid;
  av uuid;
  n_cancelled integer;
  stages constant text[] := array['first_touch', 'context_captured', 'micro_win_delivered', 'cadence_established',
    'trust_signals', 'fit_repeats', 'permissioned_offer', 'post_win_expansion'];
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
  if (select count(*) from public.messages where contact_id = p_survivor) <> (p_expected ->> 'survivor')::integer
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

  update public.contacts c set username = coalesce(c.username, a.username),
      display_name = coalesce(c.display_name, a.display_name),
      thread_id = coalesce(c.thread_id, a.thread_id),
      what_theyre_building = coalesce(c.what_theyre_building, a.what_theyre_building),
      current_friction = coalesce(c.current_friction, a.current_friction),
      their_definition_of_win = coalesce(c.their_definition_of_win, a.their_definition_of_win),
      notes = coalesce(c.notes, a.notes),
      asks_opinion = c.asks_opinion or a.asks_opinion, shares_updates = c.shares_updates or a.shares_updates,
      has_referred_others = c.has_referred_others or a.has_referred_others,
      fit_signals = array(select distinct unnest(c.fit_signals || a.fit_signals) order by 1),
      tags = array(select distinct unnest(c.tags || a.tags) order by 1),
      value_delivered_count = greatest(c.value_delivered_count, a.value_delivered_count),
      promises_kept = greatest(c.promises_kept, a.promises_kept), promises_made = greatest(c.promises_made, a.promises_made),
      -- An opt-out by either name is the person's opt-out, with its reason, time, message and author.
      opted_out = c.opted_out or a.opted_out,
      opted_out_at = case when c.opted_out then c.opted_out_at else a.opted_out_at end,
      opted_out_reason = case when c.opted_out then c.opted_out_reason else a.opted_out_reason end,
      -- (`a` was read before the merge dropped repeated messages: the one it names may be gone.)
      opted_out_message_id = case when c.opted_out then c.opted_out_message_id
        else (select m.id from public.messages m where m.id = a.opted_out_message_id) end,
      opted_out_by = case when c.opted_out then c.opted_out_by else a.opted_out_by end,
      opted_in_at = greatest(c.opted_in_at, a.opted_in_at),
      pipeline_stage = stages[greatest(array_position(stages, c.pipeline_stage), array_position(stages, a.pipeline_stage))],
      total_messages_sent = (select count(*) from public.messages m where m.contact_id = p_survivor and m.is_outbound),
      total_messages_received = (select count(*) from public.messages m where m.contact_id = p_survivor and not m.is_outbound),
      last_message_at = greatest(c.last_message_at, a.last_message_at)
    where c.id = p_survivor returning * into s;

  perform public.crm_emit_event(p_account_id, 'contact.merged', 'contact', p_survivor::text, p_event);
  return jsonb_build_object('merged', true, 'survivorId', p_survivor, 'absorbedId', p_absorbed,
    'messages', (select count(*) from public.messages where contact_id = p_survivor), 'outreachCancelled', n_cancelled);
end
$$;
revoke execute on function public.crm_merge_contacts(text, uuid, uuid, jsonb, text, uuid[], jsonb, jsonb, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_merge_inputs(text, uuid[]) from public, anon, authenticated;
