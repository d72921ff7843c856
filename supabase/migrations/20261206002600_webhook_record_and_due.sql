-- A delivery step records each chunk of attempts and, in the same round trip, reads the
-- endpoint's next due rows (leaving out those it has taken and not yet recorded): one call per
-- chunk instead of a record and a separate read. The read is a statement after the record's, so it
-- sees the chunk as recorded. p_limit 0: record only (due is null).
create or replace function public.crm_webhook_record_and_due(p_endpoint uuid, p_attempts jsonb, p_change jsonb,
  p_limit integer, p_exclude uuid[])
returns jsonb
language plpgsql as $$
declare
  v_next timestamptz := public.crm_webhook_record(p_endpoint, p_attempts, p_change);
begin
  return jsonb_build_object('next_due_at', v_next,
    'due', case when p_limit > 0 then public.crm_webhook_due(p_endpoint, p_limit, p_exclude) end);
end
$$;

revoke execute on function public.crm_webhook_record_and_due(uuid, jsonb, jsonb, integer, uuid[]) from public, anon, authenticated;
