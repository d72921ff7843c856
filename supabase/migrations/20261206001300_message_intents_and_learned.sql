-- What people meant and what they told us (issue 23 §2, §3, §5). Which intent a message has, what
-- it teaches about its writer and whether it answers a DM of ours are decided in TypeScript
-- (src/domain/intents.ts, learned-facts.ts; src/app/sync): the columns hold the decisions, so no
-- intent list is written here.
alter table public.messages add column if not exists intent text;
alter table public.messages add column if not exists intent_reason text;

-- The newest inbound message's intent and when it came; values learned from their messages, each
-- with its source ({field: {value, sentence, messageId, learnedAt, pattern}}, fit_signals a list of
-- them, one per learned signal: src/domain/learned-updates.ts); a field without one was typed or imported.
alter table public.contacts add column if not exists last_intent text;
alter table public.contacts add column if not exists last_replied_at timestamptz;
alter table public.contacts add column if not exists learned_fields jsonb not null default '{}'::jsonb;
create index if not exists contacts_last_intent_idx on public.contacts (account_id, last_intent)
  where last_intent is not null;

-- A DM we sent is answered once: the first reply marks it, and only that write makes contact.replied.
alter table public.outreach_items add column if not exists replied_at timestamptz;
alter table public.outreach_items add column if not exists reply_message_id uuid
  references public.messages (id) on delete set null;

-- Inbox sync, step 3 (as 20261206000900, plus): each new message's intent and reason as decided;
-- p_contacts: [{conversation_id, last_intent, last_replied_at, learned: {field: {value, expected,
-- was_learned, source}}}], the changes to each applied conversation's contact, a learned value
-- written only where the field (and whether it was learned) is still what the claim read, so a
-- hand edit made meanwhile is never overwritten; p_replies: [{conversation_id, item_id,
-- message_id, event}], the DMs their new messages answer, each marked (and its event written)
-- only if no reply marked it before.
drop function if exists public.crm_apply_thread_reads(text, text, jsonb, jsonb, jsonb, text[]);
create or replace function public.crm_apply_thread_reads(p_account_id text, p_token text, p_reads jsonb,
  p_scores jsonb default '[]'::jsonb, p_opt_outs jsonb default '[]'::jsonb, p_pending text[] default '{}',
  p_contacts jsonb default '[]'::jsonb, p_replies jsonb default '[]'::jsonb)
returns jsonb
language plpgsql as $$
declare
  v_ok uuid[];
  v_all uuid[];
  n_messages integer;
  n_events integer;
  n_failed integer;
  n_released integer;
  n_learned integer;
  v_scored jsonb;
  v_opted jsonb;
  v_replies jsonb;
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
      (m.value ->> 'is_outbound')::boolean as is_outbound, (m.value ->> 'sent_at')::timestamptz as sent_at, m.value -> 'event' as event,
      m.value ->> 'intent' as intent, m.value ->> 'intent_reason' as intent_reason
    from r join public.conversations c on c.id = r.conversation_id
    cross join lateral jsonb_array_elements(r.messages) with ordinality as m(value, ord)
    where c.id = any (v_ok);
  insert into public.messages (id, account_id, conversation_id, contact_id, position, message_text, message_type, is_outbound,
      sent_at, intent, intent_reason)
    select id, p_account_id, conversation_id, contact_id, position, message_text, message_type, is_outbound, sent_at,
      intent, intent_reason
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

  create temp table _contact_changes on commit drop as
    select c.contact_id, x.last_intent, x.last_replied_at, coalesce(x.learned, '{}'::jsonb) as learned
    from jsonb_to_recordset(p_contacts) as x(conversation_id uuid, last_intent text, last_replied_at timestamptz, learned jsonb)
    join public.conversations c on c.id = x.conversation_id where c.id = any (v_ok);
  update public.contacts k set last_intent = x.last_intent, last_replied_at = x.last_replied_at
    from _contact_changes x
    where k.id = x.contact_id and x.last_intent is not null
      and (k.last_replied_at is null or k.last_replied_at <= x.last_replied_at);
  with w as (select x.contact_id, f.key as field, f.value as change
             from _contact_changes x cross join jsonb_each(x.learned) f),
  ok as (select w.contact_id, jsonb_object_agg(w.field, w.change -> 'value') as vals,
                jsonb_object_agg(w.field, w.change -> 'source') as sources
         from w join public.contacts k on k.id = w.contact_id
         where to_jsonb(k) -> w.field = w.change -> 'expected'
           and (k.learned_fields ? w.field) = (w.change ->> 'was_learned')::boolean
         group by w.contact_id),
  upd as (
    update public.contacts k set
      (what_theyre_building, current_friction, their_definition_of_win, fit_signals)
        = (select f.what_theyre_building, f.current_friction, f.their_definition_of_win, f.fit_signals
           from jsonb_populate_record(k, ok.vals) f),
      learned_fields = k.learned_fields || ok.sources
    from ok where k.id = ok.contact_id
    returning k.id)
  select count(*) into n_learned from upd;
  drop table _contact_changes;

  with rp as (select x.* from jsonb_to_recordset(p_replies) as x(conversation_id uuid, item_id uuid, message_id uuid, event jsonb)
              where x.conversation_id = any (v_ok)),
  marked as (
    update public.outreach_items o set replied_at = now(), reply_message_id = rp.message_id
    from rp where o.id = rp.item_id and o.account_id = p_account_id and o.replied_at is null
    returning rp.item_id, rp.event)
  select coalesce(jsonb_agg(event order by item_id), '[]'::jsonb) into v_replies from marked;
  perform public.crm_emit_outbox_events(p_account_id, v_replies);

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
    'optedOut', (select count(*) from jsonb_array_elements(v_opted) r where (r.value ->> 'changed')::boolean),
    'learned', n_learned, 'replies', jsonb_array_length(v_replies));
end
$$;
revoke execute on function public.crm_apply_thread_reads(text, text, jsonb, jsonb, jsonb, text[], jsonb, jsonb)
  from public, anon, authenticated;

-- Creating and updating contacts (as 20261206000900): a learned field given by hand or by an import
-- becomes a typed value, so the plan (src/domain/contact-writes.ts) also writes learned_fields.
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
      their_definition_of_win, asks_opinion, shares_updates, has_referred_others, fit_signals, tags, notes, learned_fields)
    = (select f.display_name, f.thread_id, f.pipeline_stage, f.what_theyre_building, f.current_friction,
      f.their_definition_of_win, f.asks_opinion, f.shares_updates, f.has_referred_others, f.fit_signals, f.tags, f.notes,
      f.learned_fields
      from jsonb_populate_record(c, w.fields) f)
    from jsonb_to_recordset(p_creates || p_updates) as w(id uuid, fields jsonb) where c.id = w.id and w.fields <> '{}';
  perform public.crm_emit_outbox_events(p_account_id, p_events);
  return true;
end
$$;
revoke execute on function public.crm_upsert_contacts(text, jsonb, jsonb, jsonb) from public, anon, authenticated;
