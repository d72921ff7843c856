-- Inbox sync, step 3: apply what a batch reader read. For each conversation the reader says how
-- many messages it saw stored (expected_count) and which ones are new; the write happens only if
-- that is still true and the reader still holds the claim, so two writers can never interleave
-- positions. A conversation that changed meanwhile is released and stays queued for a re-read.
-- Inbound messages of a thread read before become `message.received` events; the first read of
-- a thread is history (a backfill), not news, and emits none.

create or replace function public.crm_apply_thread_reads(p_account_id text, p_token text, p_reads jsonb)
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
begin
  select coalesce(array_agg(conversation_id), '{}') into v_all
    from jsonb_to_recordset(p_reads) as x(conversation_id uuid);
  select coalesce(array_agg(id), '{}') into v_seen
    from public.conversations where id = any (v_all) and last_read_at is not null;

  with r as (select * from jsonb_to_recordset(p_reads) as x(conversation_id uuid, expected_count integer,
               messages jsonb, preview text, error text)),
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

  with r as (select * from jsonb_to_recordset(p_reads) as x(conversation_id uuid, expected_count integer, messages jsonb)),
  ins as (
    insert into public.messages (account_id, conversation_id, contact_id, position, message_text,
        message_type, is_outbound, sent_at)
    select p_account_id, c.id, c.contact_id, r.expected_count + m.ord::integer - 1, m.value ->> 'text',
        coalesce(m.value ->> 'message_type', 'text'), (m.value ->> 'is_outbound')::boolean,
        (m.value ->> 'sent_at')::timestamptz
    from r join public.conversations c on c.id = r.conversation_id
    cross join lateral jsonb_array_elements(r.messages) with ordinality as m(value, ord)
    where c.id = any (v_ok)
    returning id, conversation_id, contact_id, position, message_text, is_outbound, sent_at, observed_at),
  totals as (
    update public.contacts k set
      total_messages_sent = k.total_messages_sent + t.sent,
      total_messages_received = k.total_messages_received + t.received,
      last_message_at = greatest(k.last_message_at, t.last_at)
    from (select contact_id, count(*) filter (where is_outbound) as sent,
                 count(*) filter (where not is_outbound) as received,
                 max(coalesce(sent_at, observed_at)) as last_at
          from ins group by contact_id) t
    where k.id = t.contact_id
    returning k.id),
  events as (
    select public.crm_emit_event(p_account_id, 'message.received', 'contact', i.contact_id::text,
      jsonb_build_object('contact', public.crm_contact_summary(k), 'message', jsonb_build_object(
        'conversation_id', i.conversation_id, 'position', i.position, 'text', i.message_text,
        'sent_at', i.sent_at, 'observed_at', i.observed_at))) as id
    from ins i join public.contacts k on k.id = i.contact_id
    where not i.is_outbound and i.conversation_id = any (v_seen)
    order by i.conversation_id, i.position)
  select (select count(*) from ins), (select count(*) from events) + 0 * (select count(*) from totals)
    into n_messages, n_events;

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

  return jsonb_build_object('applied', to_jsonb(v_ok), 'messagesAdded', n_messages,
    'eventsEmitted', n_events, 'failed', n_failed, 'conflicts', n_released);
end
$$;

-- Scores: write only what moved. The overall score moving also adds a score_history row and a
-- `contact.score_changed` event; components moving alone (a recency bucket) update the contact.
create or replace function public.crm_record_scores(p_account_id text, p_scores jsonb, p_reason text)
returns jsonb
language plpgsql as $$
declare
  n_updated integer;
  n_changed integer;
begin
  with s as (select * from jsonb_to_recordset(p_scores) as x(contact_id uuid, score smallint,
               components jsonb, resonance smallint)),
  old as (select c.id, c.relationship_score from public.contacts c join s on s.contact_id = c.id
          where c.account_id = p_account_id),
  upd as (
    update public.contacts c set relationship_score = s.score, score_components = s.components,
      resonance = s.resonance, scored_at = now()
    from s
    where c.id = s.contact_id and c.account_id = p_account_id
      and (c.relationship_score is distinct from s.score or c.score_components is distinct from s.components
           or c.resonance is distinct from s.resonance)
    returning c.*),
  moved as (
    select upd.*, old.relationship_score as previous, s.components as new_components from upd
    join old on old.id = upd.id join s on s.contact_id = upd.id
    where old.relationship_score is distinct from upd.relationship_score),
  hist as (
    insert into public.score_history (contact_id, score, previous_score, components, reason)
    select id, relationship_score, previous, new_components, p_reason from moved
    returning contact_id),
  events as (
    select public.crm_emit_event(p_account_id, 'contact.score_changed', 'contact', m.id::text,
      jsonb_build_object('contact', jsonb_build_object('id', m.id, 'username', m.username, 'display_name', m.display_name),
        'old_score', m.previous, 'new_score', m.relationship_score,
        'change', m.relationship_score - coalesce(m.previous, 0), 'components', m.new_components,
        'reason', p_reason)) as id
    from moved m order by m.id)
  select (select count(*) from upd), (select count(*) from events) + 0 * (select count(*) from hist)
    into n_updated, n_changed;
  return jsonb_build_object('updated', n_updated, 'scoreChanged', n_changed);
end
$$;

revoke execute on function public.crm_apply_thread_reads(text, text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_record_scores(text, jsonb, text) from public, anon, authenticated;

-- The newest messages of each contact (oldest first within a contact), in one request.
create or replace function public.crm_recent_messages(p_contact_ids uuid[], p_per_contact integer)
returns setof public.messages
language sql stable as $$
  select m.* from unnest(p_contact_ids) as k(contact_id)
  cross join lateral (select * from public.messages x where x.contact_id = k.contact_id
                      order by x.position desc limit p_per_contact) m
  order by m.contact_id, m.position
$$;
revoke execute on function public.crm_recent_messages(uuid[], integer) from public, anon, authenticated;
