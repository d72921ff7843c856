-- The outbox after the dispatcher's cursor, with the snapshot bounds the gap rule needs.
create or replace function public.crm_webhook_outbox_page(p_limit integer)
returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'last_seq', s.last_seq, 'gap_from', s.gap_from, 'gap_to', s.gap_to, 'gap_horizon', s.gap_horizon,
    'xmin', pg_snapshot_xmin(pg_current_snapshot())::text,
    'xmax', pg_snapshot_xmax(pg_current_snapshot())::text,
    'events', coalesce((
      select jsonb_agg(jsonb_build_object('id', e.id, 'seq', e.seq, 'type', e.type, 'occurred_at', e.occurred_at) order by e.seq)
      from (select id, seq, type, occurred_at from public.event_outbox where seq > s.last_seq order by seq limit p_limit) e
    ), '[]'::jsonb),
    -- The enabled endpoints, matched against the page in TypeScript (same round trip).
    'subscribers', coalesce((
      select jsonb_agg(jsonb_build_object('id', w.id, 'events', w.events, 'created_at', w.created_at))
      from public.webhook_endpoints w where w.enabled
    ), '[]'::jsonb))
  from public.webhook_dispatch_state s
$$;

-- The deliveries the dispatcher decided on (idempotent) and its new cursor, in one transaction.
-- Answers the endpoints that got a new row, to be woken: each once (one row per delivery would be
-- cut at the data API's 1000-row limit, and the endpoints past it never woken).
create or replace function public.crm_webhook_fan_out(p_rows jsonb, p_last_seq bigint, p_gap jsonb)
returns jsonb
language plpgsql as $$
declare
  v_woken jsonb;
begin
  update public.webhook_dispatch_state set
    last_seq = greatest(last_seq, p_last_seq),
    gap_from = (p_gap ->> 'from')::bigint, gap_to = (p_gap ->> 'to')::bigint, gap_horizon = p_gap ->> 'horizon',
    updated_at = now();
  with inserted as (
    insert into public.webhook_deliveries (endpoint_id, event_id, event_seq, event_type, message_id)
    select r.endpoint_id, r.event_id, r.event_seq, r.event_type, r.message_id
    from jsonb_to_recordset(p_rows) as r(endpoint_id uuid, event_id uuid, event_seq bigint, event_type text, message_id text)
    -- Disabled (or deleted) since the page was read: owed nothing more.
    join public.webhook_endpoints w on w.id = r.endpoint_id and w.enabled
    on conflict on constraint webhook_deliveries_once do nothing
    returning endpoint_id
  )
  select coalesce(jsonb_agg(distinct endpoint_id), '[]'::jsonb) into v_woken from inserted;
  return v_woken;
end
$$;

-- An endpoint's deliveries due now, oldest event first, each with what its body is built from.
create or replace function public.crm_webhook_due_rows(p_endpoint uuid, p_limit integer)
returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', d.id, 'message_id', d.message_id, 'attempts', d.attempts, 'replay', d.replay,
    'type', e.type, 'occurred_at', e.occurred_at, 'payload', e.payload, 'entity_id', e.entity_id, 'entity_seq', e.entity_seq
  ) order by d.event_seq), '[]'::jsonb)
  from (
    select * from public.webhook_deliveries
    where endpoint_id = p_endpoint and status = 'pending' and next_attempt_at <= now()
    order by event_seq limit p_limit
  ) d
  join public.event_outbox e on e.id = d.event_id
$$;

-- An endpoint (with the secrets that sign for it now) and its deliveries due now, oldest event
-- first, each with what its body is built from: one round trip per delivery step. null: no endpoint.
create or replace function public.crm_webhook_due(p_endpoint uuid, p_limit integer)
returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'endpoint', jsonb_build_object('id', w.id, 'url', w.url, 'enabled', w.enabled, 'disabled_reason', w.disabled_reason,
      'failing_since', w.failing_since, 'secret', w.secret, 'previous_secret', w.previous_secret,
      'previous_secret_expires_at', w.previous_secret_expires_at),
    'deliveries', case when w.enabled then public.crm_webhook_due_rows(p_endpoint, p_limit) else '[]'::jsonb end)
  from public.webhook_endpoints w where w.id = p_endpoint
$$;

-- Attempts as decided: logged, their deliveries updated, the endpoint's failing streak and
-- disabling applied (a disabled endpoint's pending deliveries are cancelled, saying why).
-- Answers when the endpoint next has something due (null: nothing pending).
create or replace function public.crm_webhook_record(p_endpoint uuid, p_attempts jsonb, p_change jsonb)
returns timestamptz
language plpgsql as $$
declare
  v_next timestamptz;
begin
  insert into public.webhook_attempts (delivery_id, endpoint_id, message_id, event_type, attempt, outcome, response_status,
    response_body, latency_ms, error, next_attempt_at, replay, test, attempted_at)
  select a.delivery_id, p_endpoint, a.message_id, a.event_type, a.attempt, a.outcome, a.response_status,
    left(a.response_body, 2048), a.latency_ms, a.error, a.next_attempt_at, coalesce(a.replay, false), coalesce(a.test, false), a.attempted_at
  from jsonb_to_recordset(p_attempts) as a(delivery_id uuid, message_id text, event_type text, attempt integer, outcome text,
    response_status integer, response_body text, latency_ms integer, error text, next_attempt_at timestamptz, replay boolean,
    test boolean, attempted_at timestamptz)
  where exists (select 1 from public.webhook_endpoints w where w.id = p_endpoint);

  update public.webhook_deliveries d set
    attempts = a.attempt,
    status = case a.outcome when 'delivered' then 'delivered' when 'retrying' then 'pending' else 'failed' end,
    next_attempt_at = a.next_attempt_at,
    last_response_status = a.response_status, last_error = a.error,
    delivered_at = case when a.outcome = 'delivered' then a.attempted_at end
  from jsonb_to_recordset(p_attempts) as a(delivery_id uuid, attempt integer, outcome text, response_status integer,
    error text, next_attempt_at timestamptz, attempted_at timestamptz)
  where d.id = a.delivery_id and d.status = 'pending';

  if p_change ? 'failing_since' then
    update public.webhook_endpoints set failing_since = (p_change ->> 'failing_since')::timestamptz where id = p_endpoint;
  end if;
  if p_change ->> 'disable' is not null then
    update public.webhook_endpoints set enabled = false, disabled_reason = p_change ->> 'disable', disabled_at = now()
    where id = p_endpoint and enabled;
    update public.webhook_deliveries set status = 'cancelled', next_attempt_at = null, last_error = 'endpoint disabled: ' || (p_change ->> 'disable')
    where endpoint_id = p_endpoint and status = 'pending';
  end if;

  select min(next_attempt_at) into v_next from public.webhook_deliveries where endpoint_id = p_endpoint and status = 'pending';
  return v_next;
end
$$;

-- A replay: these events owed to the endpoint again (new rows, or old ones reset), sent now and
-- marked so that their failures do not count toward disabling. Answers how many were queued.
create or replace function public.crm_webhook_replay(p_endpoint uuid, p_rows jsonb)
returns integer
language sql as $$
  with queued as (
    insert into public.webhook_deliveries (endpoint_id, event_id, event_seq, event_type, message_id, replay)
    select p_endpoint, r.event_id, r.event_seq, r.event_type, r.message_id, true
    from jsonb_to_recordset(p_rows) as r(event_id uuid, event_seq bigint, event_type text, message_id text)
    on conflict on constraint webhook_deliveries_once do update set
      status = 'pending', next_attempt_at = now(), replay = true, attempts = 0, delivered_at = null
    returning 1
  )
  select count(*)::integer from queued
$$;

revoke execute on function public.crm_webhook_outbox_page(integer) from public, anon, authenticated;
revoke execute on function public.crm_webhook_fan_out(jsonb, bigint, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_webhook_due(uuid, integer) from public, anon, authenticated;
revoke execute on function public.crm_webhook_due_rows(uuid, integer) from public, anon, authenticated;
revoke execute on function public.crm_webhook_record(uuid, jsonb, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_webhook_replay(uuid, jsonb) from public, anon, authenticated;
