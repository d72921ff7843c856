-- A message that asks us to stop opts its contact out in the same transaction that stores it
-- (src/domain/opt-out.ts decides which; the sync hands each such opt-out over with its message's
-- id): the four-argument version goes; this one also takes the opt-outs and the pending statuses.
drop function if exists public.crm_apply_thread_reads(text, text, jsonb, jsonb);

-- Inbox sync, step 3: apply what a batch reader read. For each conversation the reader says how
-- many messages it saw stored (expected_count) and which ones are new; the write happens only if
-- that is still true and the reader still holds the claim, so two writers can never interleave
-- positions. A conversation that changed meanwhile is released and stays queued for a re-read.
-- Inbound messages of a thread read before become `message.received` events; the first read of
-- a thread is history (a backfill), not news, and emits none. The scores the reader computed for
-- the grown threads are recorded in the same transaction, for the conversations actually applied,
-- and so are the opt-outs their messages asked for (crm_set_opt_out; a message may come with its
-- id, which the opt-out names), each given to the conversation's contact as it is now.
create or replace function public.crm_apply_thread_reads(p_account_id text, p_token text, p_reads jsonb,
  p_scores jsonb default '[]'::jsonb, p_opt_outs jsonb default '[]'::jsonb, p_pending text[] default '{}')
returns jsonb
language plpgsql as $$
declare
  v_ok uuid[];
  v_seen uuid[];
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
  select coalesce(array_agg(id), '{}') into v_seen
    from public.conversations where id = any (v_all) and last_read_at is not null;

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
      (m.value ->> 'is_outbound')::boolean as is_outbound, (m.value ->> 'sent_at')::timestamptz as sent_at
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

  n_events := public.crm_emit_events(p_account_id, 'message.received', 'contact', (
    select jsonb_agg(jsonb_build_object('entity_id', n.contact_id::text, 'payload', jsonb_build_object(
      'contact', public.crm_contact_summary(k), 'message', jsonb_build_object('conversation_id', n.conversation_id,
        'position', n.position, 'text', n.message_text, 'sent_at', n.sent_at, 'observed_at', now())))
      order by n.conversation_id, n.position)
    from _new_messages n join public.contacts k on k.id = n.contact_id
    where not n.is_outbound and n.conversation_id = any (v_seen)));
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

revoke execute on function public.crm_apply_thread_reads(text, text, jsonb, jsonb, jsonb, text[]) from public, anon, authenticated;
