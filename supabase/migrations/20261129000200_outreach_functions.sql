-- Outreach writes, each one transaction with its history rows and its outbox events. The rules
-- (who may be sent what, when) live in the application; these functions only store decisions,
-- guarded so that a stale or repeated call cannot move an item it no longer owns.

-- Queue items. Ids and event payloads come from the application; an item whose business key is
-- already taken is not inserted again, and the existing one is returned in its place. Answers the
-- items in input order and how many of the account's items are still waiting. Plain statements, no
-- temporary tables: this runs once per API request (or per batch of them), so its fixed cost counts.
create or replace function public.crm_enqueue_outreach(p_account_id text, p_items jsonb)
returns jsonb
language plpgsql as $$
declare
  v_new uuid[];
begin
  with input as (
    select x.* from jsonb_to_recordset(p_items) as x(id uuid, business_key text, kind text, contact_id uuid, username text,
      text text, text_key text, priority integer, scheduled_at timestamptz, campaign text, template text, video_id text,
      stop_on_reply boolean, requires_approval boolean, status text, notify_workflow_id text, request_id text)),
  ins as (
    insert into public.outreach_items (id, account_id, business_key, kind, contact_id, username, text, text_key, priority,
      scheduled_at, campaign, template, video_id, stop_on_reply, requires_approval, status, notify_workflow_id, request_id)
    select id, p_account_id, business_key, kind, contact_id, username, text, text_key, coalesce(priority, 50),
      scheduled_at, campaign, template, video_id, stop_on_reply, coalesce(requires_approval, false), status, notify_workflow_id, request_id
    from input
    on conflict (account_id, business_key) do nothing
    returning id)
  select coalesce(array_agg(id), '{}') into v_new from ins;

  if cardinality(v_new) > 0 then
    insert into public.outreach_item_events (item_id, status, detail)
      select o.id, o.status, jsonb_strip_nulls(jsonb_build_object('request_id', o.request_id, 'kind', o.kind))
      from public.outreach_items o where o.id = any (v_new) order by o.seq;
    perform public.crm_emit_events(p_account_id, 'outreach.queued', 'outreach_item', (
      select jsonb_agg(jsonb_build_object('entity_id', e.value ->> 'id', 'payload', e.value -> 'event') order by e.ord)
      from jsonb_array_elements(p_items) with ordinality as e(value, ord)
      where (e.value ->> 'id')::uuid = any (v_new) and e.value -> 'event' is not null and e.value -> 'event' <> 'null'::jsonb));
  end if;

  return jsonb_build_object(
    'items', (select coalesce(jsonb_agg(jsonb_build_object('created', o.id = any (v_new), 'item', to_jsonb(o)) order by e.ord), '[]'::jsonb)
              from jsonb_array_elements(p_items) with ordinality as e(value, ord)
              join public.outreach_items o on o.account_id = p_account_id and o.business_key = e.value ->> 'business_key'),
    'pending', (select count(*) from public.outreach_items
                where account_id = p_account_id and status in ('queued', 'awaiting_approval')));
end
$$;

-- Moves one item from one of p_from to p_to (under p_token when given), with a history row,
-- outbox events and, for a sent DM, the outbound message in the contact's conversation. A call
-- repeated after its first attempt committed finds the item already there and reports `already`
-- without doing anything twice.
create or replace function public.crm_outreach_transition(p_item_id uuid, p_from text[], p_token text, p_to text,
  p_fields jsonb, p_note jsonb, p_events jsonb, p_store_message boolean)
returns jsonb
language plpgsql as $$
declare
  v_item public.outreach_items;
  v_conversation uuid;
  v_position integer;
  v_event jsonb;
  f jsonb := coalesce(p_fields, '{}'::jsonb);
begin
  update public.outreach_items o set
    status = p_to,
    attempt_token = case when f ? 'attempt_token' then f ->> 'attempt_token' else o.attempt_token end,
    attempts = o.attempts + coalesce((f ->> 'attempts_add')::integer, 0),
    soft_failures = o.soft_failures + coalesce((f ->> 'soft_failures_add')::integer, 0),
    last_attempt_at = case when f ? 'last_attempt_at' then (f ->> 'last_attempt_at')::timestamptz else o.last_attempt_at end,
    outcome = case when f ? 'outcome' then f ->> 'outcome' else o.outcome end,
    last_error = case when f ? 'last_error' then f ->> 'last_error' else o.last_error end,
    sent_at = case when f ? 'sent_at' then (f ->> 'sent_at')::timestamptz else o.sent_at end,
    approved_at = case when f ? 'approved_at' then (f ->> 'approved_at')::timestamptz else o.approved_at end
  where o.id = p_item_id and o.status = any (p_from) and (p_token is null or o.attempt_token = p_token)
  returning * into v_item;

  if not found then
    select * into v_item from public.outreach_items where id = p_item_id;
    return jsonb_build_object('applied', false,
      'already', coalesce(v_item.status = p_to and v_item.attempt_token is not distinct from coalesce(f ->> 'attempt_token', p_token, v_item.attempt_token), false),
      'item', to_jsonb(v_item));
  end if;

  insert into public.outreach_item_events (item_id, status, detail) values (v_item.id, p_to, coalesce(p_note, '{}'::jsonb));
  for v_event in select value from jsonb_array_elements(coalesce(p_events, '[]'::jsonb)) loop
    perform public.crm_emit_event(v_item.account_id, v_event ->> 'type', v_event ->> 'entity_type', v_event ->> 'entity_id', v_event -> 'payload');
  end loop;

  if p_store_message then
    insert into public.conversations (account_id, contact_id, listing_name) values (v_item.account_id, v_item.contact_id, v_item.username)
      on conflict (contact_id) do nothing;
    select id, message_count into v_conversation, v_position from public.conversations where contact_id = v_item.contact_id for update;
    insert into public.messages (account_id, conversation_id, contact_id, position, message_text, message_type, is_outbound,
      sent_by_automation, sent_at, outreach_item_id)
    values (v_item.account_id, v_conversation, v_item.contact_id, v_position, v_item.text, 'text', true, true, v_item.sent_at, v_item.id);
    update public.conversations set message_count = message_count + 1, last_message_preview = left(v_item.text, 100),
      last_message_is_outbound = true where id = v_conversation;
    update public.contacts set total_messages_sent = total_messages_sent + 1,
      last_message_at = greatest(last_message_at, coalesce(v_item.sent_at, now())) where id = v_item.contact_id;
  end if;
  return jsonb_build_object('applied', true, 'already', false, 'item', to_jsonb(v_item));
end
$$;

-- What the sender needs to decide its next step, in one request: the send times inside the day
-- window (for the rolling caps), the queue by status, the next ready item, and any item left
-- 'sending' by an interrupted attempt (its outcome must be checked before anything else goes out).
create or replace function public.crm_outreach_snapshot(p_account_id text, p_now timestamptz, p_day_ms bigint)
returns jsonb
language sql stable as $$
  with sends as (
    select coalesce(sent_at, last_attempt_at) as t from public.outreach_items
    where account_id = p_account_id and status in ('sent', 'sending', 'needs_review') and coalesce(sent_at, last_attempt_at) is not null)
  select jsonb_build_object(
    'sends', (select coalesce(jsonb_agg(floor(extract(epoch from t) * 1000)::bigint order by t), '[]'::jsonb) from sends
              where t > p_now - make_interval(secs => p_day_ms / 1000.0)),
    'last_send_at', (select max(t) from sends),
    'counts', (select coalesce(jsonb_object_agg(status, n), '{}'::jsonb) from (
                 select status, count(*) as n from public.outreach_items where account_id = p_account_id group by status) c),
    -- Back in the queue after Instagram or the server said slow down.
    'rate_limited', (select count(*) from public.outreach_items
                     where account_id = p_account_id and status = 'queued' and outcome = 'RATE_LIMITED'),
    'next', (select jsonb_build_object('id', id) from public.outreach_items
             where account_id = p_account_id and status = 'queued' and (scheduled_at is null or scheduled_at <= p_now)
             order by priority desc, scheduled_at nulls first, seq limit 1),
    'next_scheduled_at', (select min(scheduled_at) from public.outreach_items
                          where account_id = p_account_id and status = 'queued' and scheduled_at > p_now),
    'in_flight', (select coalesce(jsonb_agg(jsonb_build_object('id', id, 'token', attempt_token) order by last_attempt_at), '[]'::jsonb)
                  from public.outreach_items where account_id = p_account_id and status = 'sending'))
$$;

-- The facts the send-time rules read, for one item: the item, its contact, when they last wrote,
-- and when the same text last went to them from another item.
create or replace function public.crm_outreach_send_facts(p_item_id uuid)
returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'item', to_jsonb(o),
    'contact', jsonb_build_object('id', c.id, 'username', c.username, 'display_name', c.display_name,
      'opted_out', c.opted_out, 'total_messages_received', c.total_messages_received),
    'last_inbound_at', (select max(observed_at) from public.messages m where m.contact_id = o.contact_id and not m.is_outbound),
    'same_text_sent_at', (select max(coalesce(x.sent_at, x.last_attempt_at)) from public.outreach_items x
                          where x.contact_id = o.contact_id and x.text_key = o.text_key and x.id <> o.id
                            and x.status in ('sent', 'sending', 'needs_review')))
  from public.outreach_items o join public.contacts c on c.id = o.contact_id
  where o.id = p_item_id
$$;

-- Cancels what has not been sent yet: every waiting item of an account, or of one contact.
create or replace function public.crm_cancel_outreach(p_account_id text, p_contact_id uuid, p_reason text)
returns integer
language plpgsql as $$
declare
  v_count integer;
begin
  with cancelled as (
    update public.outreach_items set status = 'cancelled', last_error = p_reason
    where account_id = p_account_id and status in ('queued', 'awaiting_approval')
      and (p_contact_id is null or contact_id = p_contact_id)
    returning id),
  history as (
    insert into public.outreach_item_events (item_id, status, detail)
    select id, 'cancelled', jsonb_build_object('reason', p_reason) from cancelled
    returning 1)
  select count(*) into v_count from history;
  return v_count;
end
$$;

revoke execute on function public.crm_enqueue_outreach(text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_outreach_transition(uuid, text[], text, text, jsonb, jsonb, jsonb, boolean) from public, anon, authenticated;
revoke execute on function public.crm_outreach_snapshot(text, timestamptz, bigint) from public, anon, authenticated;
revoke execute on function public.crm_outreach_send_facts(uuid) from public, anon, authenticated;
revoke execute on function public.crm_cancel_outreach(text, uuid, text) from public, anon, authenticated;
