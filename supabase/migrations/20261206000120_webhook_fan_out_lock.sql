-- The fan-out checked that each endpoint was enabled without locking it: on PostgreSQL an
-- endpoint disabled (a 410, or failing too long) while a fan-out was running got new pending
-- deliveries after the disabling had cancelled the pending ones, and they stayed pending forever
-- (seen in test/integration/webhook-retries.test.ts once it ran over PostgreSQL). Now the fan-out
-- takes a share lock on the endpoints it writes for, in id order, before inserting: a disabling
-- that started first is waited for and then seen; one that comes later waits for the fan-out to
-- commit and then cancels its rows too.
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
  perform 1 from public.webhook_endpoints w
  where w.id in (select r.endpoint_id from jsonb_to_recordset(p_rows) as r(endpoint_id uuid))
  order by w.id
  for share;
  -- A new statement, so a new snapshot: it sees any disabling committed while the lock was awaited.
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
