-- The outreach state machine is one table in TypeScript (src/domain/outreach-transitions.ts): which
-- statuses an item may move from and to, which count toward the caps, which are still waiting.
-- These functions receive those statuses as parameters instead of naming them, and keep what SQL
-- is for: the atomic compare-and-set of a move, set-based writes and their history rows.
-- Replaces the versions in …000200, …000710, …001200 and …001500, and crm_set_opt_out's (…000200_contact).

-- The statuses are parameters now, so a partial index naming them can no longer be matched by the
-- planner: the same columns, led by the status, serve the sender's reads for any statuses given.
drop index if exists public.outreach_items_ready_idx;
drop index if exists public.outreach_items_sends_idx;
drop index if exists public.outreach_items_status_idx;
create index if not exists outreach_items_status_ready_idx
  on public.outreach_items (account_id, status, priority desc, scheduled_at nulls first, seq);
create index if not exists outreach_items_status_sends_idx
  on public.outreach_items (account_id, status, (coalesce(sent_at, last_attempt_at)));

-- Queue items (ids, statuses and event payloads from the application); an item whose business key is
-- taken is not inserted again and the existing one is answered instead, in input order, with how
-- many of the account's items are in p_pending.
drop function if exists public.crm_enqueue_outreach(text, jsonb);
create or replace function public.crm_enqueue_outreach(p_account_id text, p_items jsonb, p_pending text[])
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
      select o.id, o.status, jsonb_strip_nulls(jsonb_build_object('request_id', o.request_id, 'kind', o.kind, 'by', e.value ->> 'by'))
      from public.outreach_items o join jsonb_array_elements(p_items) as e(value) on (e.value ->> 'id')::uuid = o.id
      where o.id = any (v_new) order by o.seq;
    perform public.crm_emit_events(p_account_id, 'outreach.queued', 'outreach_item', (
      select jsonb_agg(jsonb_build_object('entity_id', e.value ->> 'id', 'payload', e.value -> 'event') order by e.ord)
      from jsonb_array_elements(p_items) with ordinality as e(value, ord)
      where (e.value ->> 'id')::uuid = any (v_new) and e.value -> 'event' is not null and e.value -> 'event' <> 'null'::jsonb));
  end if;

  return jsonb_build_object(
    'items', (select coalesce(jsonb_agg(jsonb_build_object('created', o.id = any (v_new), 'item', to_jsonb(o)) order by e.ord), '[]'::jsonb)
              from jsonb_array_elements(p_items) with ordinality as e(value, ord)
              join public.outreach_items o on o.account_id = p_account_id and o.business_key = e.value ->> 'business_key'),
    'pending', (select count(*) from public.outreach_items where account_id = p_account_id and status = any (p_pending)));
end
$$;

-- One move of one item (the application names it: from and to come from its table): applied only if
-- the item is still in one of p_from (and holds p_token when given), with its history row, its
-- outbox events and, for a sent DM, the outbound message in the contact's conversation. Not applied,
-- it answers the item as it is: whether an earlier call already made this move is decided in TypeScript.
create or replace function public.crm_outreach_transition(p_item_id uuid, p_from text[], p_token text, p_to text,
  p_fields jsonb, p_note jsonb, p_events jsonb, p_store_message boolean)
returns jsonb
language plpgsql as $$
declare
  v_item public.outreach_items;
  v_conversation uuid;
  v_position integer;
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
    return jsonb_build_object('applied', false, 'item', (select to_jsonb(o) from public.outreach_items o where o.id = p_item_id));
  end if;

  insert into public.outreach_item_events (item_id, status, detail) values (v_item.id, p_to, coalesce(p_note, '{}'::jsonb));
  perform public.crm_emit_outbox_events(v_item.account_id, p_events);

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
  return jsonb_build_object('applied', true, 'item', to_jsonb(v_item));
end
$$;

-- What the sender decides its next step from, in one request: the send times (items in p_counting)
-- inside the day window, the queue by status, the next item ready (p_ready) and those held by an
-- attempt (p_in_flight: their outcome is checked before anything else goes out). The last send and
-- the next item are looked up one status at a time, so each is one step down an index.
drop function if exists public.crm_outreach_snapshot(text, timestamptz, bigint);
create or replace function public.crm_outreach_snapshot(p_account_id text, p_now timestamptz, p_day_ms bigint,
  p_counting text[], p_ready text[], p_in_flight text[])
returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'sends', (select coalesce(jsonb_agg(floor(extract(epoch from t) * 1000)::bigint order by t), '[]'::jsonb) from (
                select coalesce(sent_at, last_attempt_at) as t from public.outreach_items where account_id = p_account_id
                  and status = any (p_counting) and coalesce(sent_at, last_attempt_at) > p_now - make_interval(secs => p_day_ms / 1000.0)) w),
    'last_send_at', (select max(l.t) from unnest(p_counting) s(status), lateral (select max(coalesce(sent_at, last_attempt_at)) as t
                       from public.outreach_items where account_id = p_account_id and status = s.status) l),
    'counts', (select coalesce(jsonb_object_agg(status, n), '{}'::jsonb) from (
                 select status, count(*) as n from public.outreach_items where account_id = p_account_id group by status) c),
    -- Back in the queue after Instagram or the server said slow down.
    'rate_limited', (select count(*) from public.outreach_items
                     where account_id = p_account_id and status = any (p_ready) and outcome = 'RATE_LIMITED'),
    'next', (select jsonb_build_object('id', n.id) from unnest(p_ready) s(status), lateral (
               select id, priority, scheduled_at, seq from public.outreach_items
               where account_id = p_account_id and status = s.status and (scheduled_at is null or scheduled_at <= p_now)
               order by priority desc, scheduled_at nulls first, seq limit 1) n
             order by n.priority desc, n.scheduled_at nulls first, n.seq limit 1),
    'next_scheduled_at', (select min(scheduled_at) from public.outreach_items
                          where account_id = p_account_id and status = any (p_ready) and scheduled_at > p_now),
    'in_flight', (select coalesce(jsonb_agg(jsonb_build_object('id', id, 'token', attempt_token) order by last_attempt_at), '[]'::jsonb)
                  from public.outreach_items where account_id = p_account_id and status = any (p_in_flight)))
$$;

-- The facts the send-time rules read for one item: the item, its contact, when they last wrote, and
-- when the same text last went to them from another item (one in p_counting).
drop function if exists public.crm_outreach_send_facts(uuid);
create or replace function public.crm_outreach_send_facts(p_item_id uuid, p_counting text[])
returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'item', to_jsonb(o),
    'contact', jsonb_build_object('id', c.id, 'username', c.username, 'display_name', c.display_name,
      'opted_out', c.opted_out, 'total_messages_received', c.total_messages_received),
    'last_inbound_at', (select max(observed_at) from public.messages m where m.contact_id = o.contact_id and not m.is_outbound),
    'same_text_sent_at', (select max(coalesce(x.sent_at, x.last_attempt_at)) from public.outreach_items x
                          where x.contact_id = o.contact_id and x.text_key = o.text_key and x.id <> o.id and x.status = any (p_counting)))
  from public.outreach_items o join public.contacts c on c.id = o.contact_id
  where o.id = p_item_id
$$;

-- Moves every item of an account (or of one contact) in p_from to p_to, each with its history row.
drop function if exists public.crm_cancel_outreach(text, uuid, text, text);
create or replace function public.crm_cancel_outreach(p_account_id text, p_contact_id uuid, p_reason text, p_by text,
  p_from text[], p_to text)
returns integer
language sql as $$
  with cancelled as (
    update public.outreach_items set status = p_to, last_error = p_reason
    where account_id = p_account_id and status = any (p_from) and (p_contact_id is null or contact_id = p_contact_id)
    returning id, status),
  history as (
    insert into public.outreach_item_events (item_id, status, detail)
    select id, status, jsonb_strip_nulls(jsonb_build_object('reason', p_reason, 'by', p_by)) from cancelled
    returning 1)
  select count(*)::integer from history
$$;

-- One page of an account's contacts in id order (keyset: pass the last id seen, at most 1000 rows),
-- each with its latest inbound texts and the last time we messaged it or have a DM for it in p_contacting.
drop function if exists public.crm_outreach_candidates(text, uuid, integer);
create or replace function public.crm_outreach_candidates(p_account_id text, p_after_id uuid, p_limit integer, p_contacting text[])
returns table (
  id uuid, username text, display_name text, pipeline_stage text, relationship_score smallint,
  what_theyre_building text, current_friction text, their_definition_of_win text,
  fit_signals text[], tags text[], opted_out boolean, recent_inbound text[], last_contacted_at timestamptz
)
language sql stable as $$
  select c.id, c.username, c.display_name, c.pipeline_stage, c.relationship_score,
    c.what_theyre_building, c.current_friction, c.their_definition_of_win, c.fit_signals, c.tags, c.opted_out,
    coalesce((
      select array_agg(left(r.message_text, 500) order by r.position desc)
      from (
        select m.message_text, m.position from public.messages m
        where m.contact_id = c.id and not m.is_outbound order by m.position desc limit 5
      ) r
    ), '{}'::text[]),
    greatest(
      (select max(coalesce(m.sent_at, m.observed_at)) from public.messages m where m.contact_id = c.id and m.is_outbound),
      (select max(coalesce(o.sent_at, o.created_at)) from public.outreach_items o where o.contact_id = c.id and o.status = any (p_contacting))
    )
  from public.contacts c
  where c.account_id = p_account_id and (p_after_id is null or c.id > p_after_id)
  order by c.id
  limit least(greatest(p_limit, 1), 1000)
$$;

-- DMs by account, status (those in p_dm_statuses) and outcome code, sync totals by account, webhook
-- attempts by outcome and latency bucket, deliveries still owed. Which outcomes are a reason (not a
-- sent DM's) is the reader's business.
drop function if exists public.crm_metrics_totals();
create or replace function public.crm_metrics_totals(p_dm_statuses text[])
returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'dms', (select coalesce(jsonb_agg(to_jsonb(d)), '[]'::jsonb) from (
              select account_id, status, outcome, count(*) as n from public.outreach_items
              where status = any (p_dm_statuses) group by 1, 2, 3 order by 1, 2, 3) d),
    'sync', (select coalesce(jsonb_agg(to_jsonb(s)), '[]'::jsonb) from (
              select account_id, count(*) as runs,
                coalesce(sum((counts ->> 'threadsRead')::numeric), 0) as threads_read,
                coalesce(sum((counts ->> 'threadsFailed')::numeric), 0) as threads_failed,
                coalesce(sum((counts ->> 'messagesAdded')::numeric), 0) as messages_added,
                coalesce(sum((counts ->> 'contactsCreated')::numeric), 0) as contacts_created
              from public.sync_runs group by 1 order by 1) s),
    'webhooks', (select coalesce(jsonb_agg(to_jsonb(w)), '[]'::jsonb) from (
              select outcome, le_ms, sum(attempts) as attempts, sum(latency_ms_sum) as latency_ms_sum from (
                select outcome, le_ms, attempts, latency_ms_sum from public.webhook_attempt_totals
                union all
                select outcome, public.crm_webhook_latency_bucket(latency_ms), count(*), sum(latency_ms)
                from public.webhook_attempts where not test group by 1, 2) x
              group by 1, 2 order by 1, 2) w),
    'webhook_pending', (select count(*) from public.webhook_deliveries where status = 'pending'))
$$;

-- Opts contacts out or back in (each change decided and built by the application, opt-out-changes.ts),
-- in the caller's transaction. Opting out moves every DM of theirs in p_pending to the change's
-- `cancel_to`, with its note and history (an item being sent is the sender's); the event is written
-- only when the contact's state changes, so a repeated call writes nothing twice. Same signature as
-- before: crm_apply_thread_reads calls it with the changes the sync built.
create or replace function public.crm_set_opt_out(p_account_id text, p_changes jsonb, p_pending text[])
returns jsonb
language plpgsql as $$
declare
  ch jsonb;
  k public.contacts;
  v_out boolean;
  v_changed boolean;
  v_cancelled uuid[];
  v_result jsonb := '[]'::jsonb;
begin
  for ch in select value from jsonb_array_elements(coalesce(p_changes, '[]'::jsonb)) loop
    select * into k from public.contacts where id = (ch ->> 'contact_id')::uuid and account_id = p_account_id for no key update;
    if not found then
      v_result := v_result || jsonb_build_object('contact_id', ch ->> 'contact_id', 'found', false, 'changed', false, 'cancelled', '[]'::jsonb);
      continue;
    end if;
    v_out := (ch ->> 'opted_out')::boolean;
    v_changed := k.opted_out is distinct from v_out;
    v_cancelled := '{}';
    if v_out and v_changed then
      update public.contacts set opted_out = true, opted_out_at = (ch ->> 'at')::timestamptz, opted_out_reason = ch ->> 'reason',
          opted_out_message_id = (ch ->> 'message_id')::uuid, opted_out_by = ch ->> 'by'
        where id = k.id;
    elsif v_changed then
      update public.contacts set opted_out = false, opted_in_at = (ch ->> 'at')::timestamptz where id = k.id;
    end if;
    if v_out then
      with cancelled as (
        update public.outreach_items set status = ch ->> 'cancel_to', outcome = 'opted_out', last_error = ch ->> 'note'
        where contact_id = k.id and status = any (p_pending)
        returning id, status),
      history as (
        insert into public.outreach_item_events (item_id, status, detail)
        select id, status, coalesce(ch -> 'detail', '{}'::jsonb) from cancelled
        returning item_id)
      select coalesce(array_agg(item_id), '{}') into v_cancelled from history;
    end if;
    if v_changed then
      perform public.crm_emit_event(p_account_id, ch -> 'event' ->> 'type', ch -> 'event' ->> 'entity_type', k.id::text, ch -> 'event' -> 'payload');
    end if;
    v_result := v_result || jsonb_build_object('contact_id', k.id, 'found', true, 'changed', v_changed, 'cancelled', to_jsonb(v_cancelled));
  end loop;
  return v_result;
end
$$;

revoke execute on function public.crm_enqueue_outreach(text, jsonb, text[]) from public, anon, authenticated;
revoke execute on function public.crm_outreach_transition(uuid, text[], text, text, jsonb, jsonb, jsonb, boolean) from public, anon, authenticated;
revoke execute on function public.crm_outreach_snapshot(text, timestamptz, bigint, text[], text[], text[]) from public, anon, authenticated;
revoke execute on function public.crm_outreach_send_facts(uuid, text[]) from public, anon, authenticated;
revoke execute on function public.crm_cancel_outreach(text, uuid, text, text, text[], text) from public, anon, authenticated;
revoke execute on function public.crm_outreach_candidates(text, uuid, integer, text[]) from public, anon, authenticated;
revoke execute on function public.crm_metrics_totals(text[]) from public, anon, authenticated;
revoke execute on function public.crm_set_opt_out(text, jsonb, text[]) from public, anon, authenticated;
