-- A thread batch's messages are stored already checked for keywords when no automation of the
-- account is on, instead of stored unchecked and then marked by crm_keyword_check_needed: that
-- second write touched every message a sync stores (49,347 in the sync benchmark), each a new
-- row version with all its index entries, because keywords_checked is in an index's predicate.
-- What may be marked unread is unchanged (an automation answers only what was written after it
-- was on: src/domain/keyword-replies.ts); only the instant the automations are looked at moves,
-- from after the batch's transaction to inside it. So that nothing is marked that an automation
-- turned on meanwhile should answer, the two take a lock on the account's keyword state: a batch
-- holds it shared until it commits, and an automation being turned on waits for it, then opens
-- again the messages those batches marked from its active_since on (found through the
-- conversations they read since then), for the next check to read.

-- Whether any keyword automation of the account is on: the one place SQL says it.
create or replace function public.crm_keyword_automations_on(p_account_id text)
returns boolean
language sql stable as $$
  select exists (select 1 from public.automations a
                 where a.account_id = p_account_id and a.enabled and a.active_since is not null);
$$;

create or replace function public.crm_keyword_check_needed(p_account_id text)
returns boolean
language sql as $$
  with automations_on as (select public.crm_keyword_automations_on(p_account_id) as yes),
  marked as (
    update public.messages set keywords_checked = true
     where account_id = p_account_id and not keywords_checked and not (select yes from automations_on)
    returning 1)
  select yes from automations_on;
$$;

-- The lock on an account's keyword state (both sides below name it alike): a thread batch holds it
-- shared, an automation being turned on takes it exclusive.
create or replace function public.crm_automation_turned_on() returns trigger
language plpgsql as $$
begin
  if new.enabled and new.active_since is not null
     and (tg_op = 'INSERT' or new.active_since is distinct from old.active_since) then
    perform pg_advisory_xact_lock(hashtext('crm_keyword_state'), hashtext(new.account_id));
    update public.messages m set keywords_checked = false
      from public.conversations c
     where c.account_id = new.account_id and c.last_read_at >= new.active_since
       and m.conversation_id = c.id and m.observed_at >= new.active_since
       and m.keywords_checked and not m.is_outbound;
  end if;
  return new;
end
$$;
drop trigger if exists automations_turned_on on public.automations;
create trigger automations_turned_on before insert or update on public.automations
  for each row execute function public.crm_automation_turned_on();

-- As 20261206001300, but the new messages are stored checked when no automation is on.
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
  -- Held until commit: an automation turned on meanwhile waits, then opens what this marks.
  perform pg_advisory_xact_lock_shared(hashtext('crm_keyword_state'), hashtext(p_account_id));
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
      sent_at, intent, intent_reason, keywords_checked)
    select id, p_account_id, conversation_id, contact_id, position, message_text, message_type, is_outbound, sent_at,
      intent, intent_reason, not (select public.crm_keyword_automations_on(p_account_id))
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

revoke execute on function public.crm_keyword_automations_on(text) from public, anon, authenticated;
