-- A delivery step reads more rows while some of its attempts are still out, so the due-rows
-- functions take the ids it has taken and not yet recorded (`p_exclude`). This was first written
-- as an edit of 20261129000800 after that file had landed; migrations are append-only, so the
-- change lives here: the two-argument versions go, the three-argument ones replace them.
drop function if exists public.crm_webhook_due(uuid, integer);
drop function if exists public.crm_webhook_due_rows(uuid, integer);

-- An endpoint's deliveries due now, oldest event first, each with what its body is built from;
-- `p_exclude`: rows the caller has taken and not yet recorded.
create or replace function public.crm_webhook_due_rows(p_endpoint uuid, p_limit integer, p_exclude uuid[])
returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', d.id, 'message_id', d.message_id, 'attempts', d.attempts, 'replay', d.replay,
    'type', e.type, 'occurred_at', e.occurred_at, 'payload', e.payload, 'entity_id', e.entity_id, 'entity_seq', e.entity_seq
  ) order by d.event_seq), '[]'::jsonb)
  from (
    select * from public.webhook_deliveries
    where endpoint_id = p_endpoint and status = 'pending' and next_attempt_at <= now() and id <> all(p_exclude)
    order by event_seq limit p_limit
  ) d
  join public.event_outbox e on e.id = d.event_id
$$;

-- An endpoint (with the secrets that sign for it now) and its deliveries due now, oldest event
-- first, each with what its body is built from: one round trip per delivery step. null: no endpoint.
create or replace function public.crm_webhook_due(p_endpoint uuid, p_limit integer, p_exclude uuid[] default '{}')
returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'endpoint', jsonb_build_object('id', w.id, 'url', w.url, 'enabled', w.enabled, 'disabled_reason', w.disabled_reason,
      'failing_since', w.failing_since, 'secret', w.secret, 'previous_secret', w.previous_secret,
      'previous_secret_expires_at', w.previous_secret_expires_at),
    'deliveries', case when w.enabled then public.crm_webhook_due_rows(p_endpoint, p_limit, p_exclude) else '[]'::jsonb end)
  from public.webhook_endpoints w where w.id = p_endpoint
$$;

revoke execute on function public.crm_webhook_due(uuid, integer, uuid[]) from public, anon, authenticated;
revoke execute on function public.crm_webhook_due_rows(uuid, integer, uuid[]) from public, anon, authenticated;
