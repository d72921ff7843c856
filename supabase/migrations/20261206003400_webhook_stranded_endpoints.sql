-- Enabled endpoints with a pending delivery due before p_due_before: owed something nobody is
-- sending. A fan-out commits its rows and cursor before it wakes the endpoints, so a wake lost after
-- the commit (a worker killed there, Temporal unreachable) was never tried again: the retried step
-- reads the page after the moved cursor, and the rows waited for the endpoint's next event. The
-- dispatcher wakes these at its poll. One probe of the due index per endpoint.
create or replace function public.crm_webhook_stranded(p_due_before timestamptz)
returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(w.id order by w.created_at), '[]'::jsonb)
  from public.webhook_endpoints w
  where w.enabled and exists (
    select 1 from public.webhook_deliveries d
    where d.endpoint_id = w.id and d.status = 'pending' and d.next_attempt_at <= p_due_before)
$$;

revoke execute on function public.crm_webhook_stranded(timestamptz) from public, anon, authenticated;
