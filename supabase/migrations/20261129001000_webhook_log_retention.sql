-- The delivery log is kept for WEBHOOK_LOG_RETENTION_MS: older attempts, and older deliveries that
-- are settled (delivered, failed, cancelled), are deleted in bounded batches by the dispatcher.
create index if not exists webhook_deliveries_created_idx on public.webhook_deliveries (created_at);

create or replace function public.crm_webhook_prune(p_before timestamptz, p_limit integer)
returns integer
language plpgsql as $$
declare
  v_attempts integer;
  v_deliveries integer;
begin
  with gone as (
    delete from public.webhook_attempts where id in (
      select id from public.webhook_attempts where attempted_at < p_before order by id limit p_limit)
    returning 1
  ) select count(*) into v_attempts from gone;
  with gone as (
    delete from public.webhook_deliveries where id in (
      select id from public.webhook_deliveries where created_at < p_before and status <> 'pending' order by created_at limit p_limit)
    returning 1
  ) select count(*) into v_deliveries from gone;
  return v_attempts + v_deliveries;
end
$$;
revoke execute on function public.crm_webhook_prune(timestamptz, integer) from public, anon, authenticated;
