-- Rules move to TypeScript; SQL keeps the locked, set-based writes (issue 22).
--
-- Merges: which fields survive and which stage wins are decided in src/domain/contact-merge.ts
-- (survivingFields) from the rows crm_merge_inputs read. The write takes those values as they are,
-- and, as it already refuses a plan whose threads or DMs moved on, it refuses one whose contacts
-- changed since they were read (their updated_at), so no value decided from a stale row is written.
drop function if exists public.crm_merge_contacts(text, uuid, uuid, jsonb, text, uuid[], jsonb, jsonb, jsonb);

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
      opted_out_by, opted_out_message_id, opted_in_at, last_message_at, total_messages_sent, total_messages_received)
    = (select f.username, f.display_name, f.thread_id, f.what_theyre_building, f.current_friction,
      f.their_definition_of_win, f.notes, f.asks_opinion, f.shares_updates, f.has_referred_others, f.fit_signals, f.tags,
      f.value_delivered_count, f.promises_kept, f.promises_made, f.pipeline_stage, f.opted_out, f.opted_out_at, f.opted_out_reason,
      f.opted_out_by, f.opted_out_message_id, f.opted_in_at, f.last_message_at, f.total_messages_sent, f.total_messages_received
      from jsonb_populate_record(c, p_fields) f)
    where c.id = p_survivor;

  perform public.crm_emit_event(p_account_id, 'contact.merged', 'contact', p_survivor::text, p_event);
  return jsonb_build_object('merged', true, 'survivorId', p_survivor, 'absorbedId', p_absorbed,
    'messages', (select count(*) from public.messages where contact_id = p_survivor), 'outreachCancelled', n_cancelled);
end
$$;
revoke execute on function public.crm_merge_contacts(text, uuid, uuid, jsonb, text, uuid[], jsonb, jsonb, jsonb, jsonb) from public, anon, authenticated;

-- Scores: each item comes with its contact.score_changed event, built and checked in TypeScript
-- (src/domain/contact-events.ts). Only the write knows the score it really replaces: it fills in
-- the event's old_score and change from it, and writes the event only when that score moved. The
-- rest of the payload is as built.
create or replace function public.crm_record_scores(p_account_id text, p_scores jsonb, p_reason text)
returns jsonb
language plpgsql as $$
declare
  n_updated integer;
  n_changed integer;
begin
  create temp table _scores on commit drop as
    select s.*, c.relationship_score as previous
    from jsonb_to_recordset(p_scores) as s(contact_id uuid, score smallint, components jsonb, resonance smallint, event jsonb)
    join public.contacts c on c.id = s.contact_id and c.account_id = p_account_id
    where (c.relationship_score, c.score_components, c.resonance) is distinct from (s.score, s.components, s.resonance);
  update public.contacts c set relationship_score = s.score, score_components = s.components,
      resonance = s.resonance, scored_at = now()
    from _scores s where c.id = s.contact_id;
  get diagnostics n_updated = row_count;
  insert into public.score_history (contact_id, score, previous_score, components, reason)
    select contact_id, score, previous, components, p_reason from _scores
    where previous is distinct from score order by contact_id;
  get diagnostics n_changed = row_count;
  perform public.crm_emit_outbox_events(p_account_id, (select jsonb_agg(event || jsonb_build_object('payload', event -> 'payload'
      || jsonb_build_object('old_score', previous, 'change', score - coalesce(previous, 0))) order by contact_id)
    from _scores where previous is distinct from score));
  drop table _scores;
  return jsonb_build_object('updated', n_updated, 'scoreChanged', n_changed);
end
$$;

-- Inbox sync, step 3 (as 20261206000210, but for its events): a new message comes with its
-- message.received event when the reader decided it is news (an inbound message of a thread read
-- before: src/activities/thread-events.ts), built and checked in TypeScript; the events of the
-- conversations actually applied are written with them.
create or replace function public.crm_apply_thread_reads(p_account_id text, p_token text, p_reads jsonb,
  p_scores jsonb default '[]'::jsonb, p_opt_outs jsonb default '[]'::jsonb, p_pending text[] default '{}')
returns jsonb
language plpgsql as $$
declare
  v_ok uuid[];
  v_all uuid[];
  n_messages integer;
  n_events integer;
  n_failed integer;
  n_released integer;
  v_scored jsonb;
  v_opted jsonb;
begin
  select coalesce(array_agg(conversation_id), '{}') into v_all
    from jsonb_to_recordset(p_reads) as x(conversation_id uuid);

  with r as (select * from jsonb_to_recordset(p_reads) as x(conversation_id uuid, expected_count integer,
               messages jsonb, error text)),
  upd as (
    update public.conversations c set
      message_count = c.message_count + jsonb_array_length(r.messages),
      needs_read = false, read_claim = null, read_claimed_at = null,
      last_read_at = now(), last_read_error = null, last_synced_at = now()
    from r
    where c.id = r.conversation_id and c.account_id = p_account_id and r.error is null
      and c.read_claim = p_token and c.message_count = r.expected_count
    returning c.id)
  select coalesce(array_agg(id), '{}') into v_ok from upd;

  create temp table _new_messages on commit drop as
    with r as (select * from jsonb_to_recordset(p_reads) as x(conversation_id uuid, expected_count integer, messages jsonb))
    select coalesce((m.value ->> 'id')::uuid, gen_random_uuid()) as id, c.id as conversation_id, c.contact_id, r.expected_count + m.ord::integer - 1 as position,
      m.value ->> 'text' as message_text, coalesce(m.value ->> 'message_type', 'text') as message_type,
      (m.value ->> 'is_outbound')::boolean as is_outbound, (m.value ->> 'sent_at')::timestamptz as sent_at, m.value -> 'event' as event
    from r join public.conversations c on c.id = r.conversation_id
    cross join lateral jsonb_array_elements(r.messages) with ordinality as m(value, ord)
    where c.id = any (v_ok);
  insert into public.messages (id, account_id, conversation_id, contact_id, position, message_text, message_type, is_outbound, sent_at)
    select id, p_account_id, conversation_id, contact_id, position, message_text, message_type, is_outbound, sent_at
    from _new_messages order by conversation_id, position;
  get diagnostics n_messages = row_count;

  update public.contacts k set
    total_messages_sent = k.total_messages_sent + t.sent,
    total_messages_received = k.total_messages_received + t.received,
    last_message_at = greatest(k.last_message_at, t.last_at)
  from (select contact_id, count(*) filter (where is_outbound) as sent, count(*) filter (where not is_outbound) as received,
               max(coalesce(sent_at, now())) as last_at
        from _new_messages group by contact_id) t
  where k.id = t.contact_id;

  select count(*) into n_events from _new_messages where event is not null;
  perform public.crm_emit_outbox_events(p_account_id,
    (select jsonb_agg(event order by conversation_id, position) from _new_messages where event is not null));
  drop table _new_messages;

  v_opted := public.crm_set_opt_out(p_account_id, (
    select coalesce(jsonb_agg(o.value || jsonb_build_object('contact_id', c.contact_id) order by o.ord), '[]'::jsonb)
    from jsonb_array_elements(p_opt_outs) with ordinality as o(value, ord)
    join public.conversations c on c.id = (o.value ->> 'conversation_id')::uuid
    where c.id = any (v_ok)), p_pending);

  -- Threads the server would not open: unqueue them (with the reason) instead of retrying forever.
  with r as (select * from jsonb_to_recordset(p_reads) as x(conversation_id uuid, error text)),
  failed as (
    update public.conversations c set needs_read = false, read_claim = null, read_claimed_at = null,
      last_read_error = r.error
    from r where c.id = r.conversation_id and r.error is not null and c.read_claim = p_token
    returning c.id)
  select count(*) into n_failed from failed;

  with released as (
    update public.conversations set read_claim = null, read_claimed_at = null
    where id = any (v_all) and read_claim = p_token
    returning id)
  select count(*) into n_released from released;

  v_scored := public.crm_record_scores(p_account_id, (
    select coalesce(jsonb_agg(s.value), '[]'::jsonb) from jsonb_array_elements(p_scores) s
    join public.conversations c on c.contact_id = (s.value ->> 'contact_id')::uuid where c.id = any (v_ok)), 'sync');

  return jsonb_build_object('applied', to_jsonb(v_ok), 'messagesAdded', n_messages, 'eventsEmitted', n_events,
    'failed', n_failed, 'conflicts', n_released, 'scoreChanged', v_scored -> 'scoreChanged',
    'optedOut', (select count(*) from jsonb_array_elements(v_opted) r where (r.value ->> 'changed')::boolean));
end
$$;


-- Inbox sync, step 2 (as 20261125000500): a claimed conversation also says whether it was read
-- before, which decides whether its new messages are news (message.received) or history.
create or replace function public.crm_claim_threads(p_account_id text, p_token text, p_limit integer,
  p_tail integer, p_contact_ids uuid[] default null, p_claim_ttl_seconds integer default 900)
returns jsonb
language plpgsql as $$
declare
  v_result jsonb;
begin
  with picked as (
    select id from public.conversations
    where account_id = p_account_id and needs_read
      and (p_contact_ids is null or contact_id = any (p_contact_ids))
      and (read_claim is null or read_claim = p_token
           or read_claimed_at < now() - make_interval(secs => p_claim_ttl_seconds))
    order by (read_claim = p_token) desc nulls last, id
    limit p_limit
    for update skip locked),
  claimed as (
    update public.conversations c set read_claim = p_token, read_claimed_at = now()
    from picked where c.id = picked.id
    returning c.id, c.contact_id, c.listing_name, c.message_count, c.last_read_at)
  select coalesce(jsonb_agg(jsonb_build_object(
      'conversationId', cl.id, 'contactId', cl.contact_id, 'listingName', cl.listing_name,
      'listingNameShared', exists (select 1 from public.conversations o where o.account_id = p_account_id
        and o.listing_name = cl.listing_name and o.id <> cl.id),
      'username', k.username, 'displayName', k.display_name, 'contact', to_jsonb(k),
      'messageCount', cl.message_count, 'readBefore', cl.last_read_at is not null,
      'tail', coalesce((select jsonb_agg(jsonb_build_object('position', t.position, 'text', t.message_text,
                'isOutbound', t.is_outbound) order by t.position)
              from (select position, message_text, is_outbound from public.messages m
                    where m.conversation_id = cl.id order by position desc limit p_tail) t), '[]'::jsonb))
      order by cl.id), '[]'::jsonb)
    into v_result from claimed cl join public.contacts k on k.id = cl.contact_id;
  return v_result;
end
$$;

-- Inbox sync, step 1 (as 20261125000500, its rules now in TypeScript). Each row comes decided: its
-- contact id (a new contact's chosen by the caller), whether it queues a read (src/domain/read-queue.ts),
-- and the contact.created / contact.updated event it makes, built and checked in TypeScript, with what
-- the decision was made from (seen_*). The write is compare-and-set: a contact that changed since it
-- was read learns nothing now (no event; the next sync sees it again), and a conversation whose last
-- message changed since it was read is queued for reading anyway (the safe side).
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
      and (c.last_message_preview, c.last_message_is_outbound, c.tab, c.unread_count, c.listing_name, c.thread_id) is distinct from
        (coalesce(l.preview, c.last_message_preview), coalesce(l.preview_is_outbound, c.last_message_is_outbound), coalesce(l.tab, c.tab),
         coalesce(l.unread_count, c.unread_count), coalesce(l.listing_name, c.listing_name), coalesce(c.thread_id, l.thread_id));
  get diagnostics n_conv_updated = row_count;

  drop table _listing;
  return jsonb_build_object('found', n_found, 'contactsCreated', n_created, 'contactsUpdated', n_updated,
    'conversationsCreated', n_conv_created, 'conversationsUpdated', n_conv_updated, 'queued',
    (select count(*) from public.conversations where account_id = p_account_id and needs_read));
end
$$;

-- Creating and updating contacts: what changes, and the contact.created / contact.updated events,
-- are decided in TypeScript (src/domain/contact-writes.ts) from the contacts as read. The write is
-- compare-and-set: it answers false and writes nothing if a contact to update changed since it was
-- read (its updated_at) or one to create exists by now; the caller reads again and replans.
drop function if exists public.crm_upsert_contacts(text, jsonb);

-- p_creates: [{id, username, fields}]; p_updates: [{id, expected_at, fields}]; fields by column name.
create or replace function public.crm_upsert_contacts(p_account_id text, p_creates jsonb, p_updates jsonb, p_events jsonb)
returns boolean
language plpgsql as $$
declare
  n integer;
begin
  perform 1 from public.contacts c join jsonb_to_recordset(p_updates) as u(id uuid) using (id) order by c.id for update of c;
  select count(*) into n from public.contacts c join jsonb_to_recordset(p_updates) as u(id uuid, expected_at timestamptz)
    on c.id = u.id and c.account_id = p_account_id and c.updated_at = u.expected_at;
  if n <> jsonb_array_length(p_updates) then return false; end if;
  insert into public.contacts (id, account_id, username)
    select id, p_account_id, username from jsonb_to_recordset(p_creates) as x(id uuid, username text) on conflict do nothing;
  get diagnostics n = row_count;
  if n <> jsonb_array_length(p_creates) then raise exception using errcode = 'PT409', message = 'a contact to create exists'; end if;
  update public.contacts c set (display_name, thread_id, pipeline_stage, what_theyre_building, current_friction,
      their_definition_of_win, asks_opinion, shares_updates, has_referred_others, fit_signals, tags, notes)
    = (select f.display_name, f.thread_id, f.pipeline_stage, f.what_theyre_building, f.current_friction,
      f.their_definition_of_win, f.asks_opinion, f.shares_updates, f.has_referred_others, f.fit_signals, f.tags, f.notes
      from jsonb_populate_record(c, w.fields) f)
    from jsonb_to_recordset(p_creates || p_updates) as w(id uuid, fields jsonb) where c.id = w.id and w.fields <> '{}';
  perform public.crm_emit_outbox_events(p_account_id, p_events);
  return true;
end
$$;
revoke execute on function public.crm_upsert_contacts(text, jsonb, jsonb, jsonb) from public, anon, authenticated;

-- No function builds a contact summary any more: events carry the one TypeScript builds.
drop function if exists public.crm_contact_summary(public.contacts);
