-- Which API key asked (its name, never the key) goes into an outreach item's history when it is
-- queued and when waiting items are cancelled together, as it already does for the moves the API
-- makes one at a time (approve, reject, cancel: their notes). Replaces 20261129000200's versions.

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
    'pending', (select count(*) from public.outreach_items
                where account_id = p_account_id and status in ('queued', 'awaiting_approval')));
end
$$;

drop function if exists public.crm_cancel_outreach(text, uuid, text);
create or replace function public.crm_cancel_outreach(p_account_id text, p_contact_id uuid, p_reason text, p_by text)
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
    select id, 'cancelled', jsonb_strip_nulls(jsonb_build_object('reason', p_reason, 'by', p_by)) from cancelled
    returning 1)
  select count(*) into v_count from history;
  return v_count;
end
$$;

revoke execute on function public.crm_enqueue_outreach(text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_cancel_outreach(text, uuid, text, text) from public, anon, authenticated;
