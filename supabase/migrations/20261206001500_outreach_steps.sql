-- Follow-up steps and templates as data (issue 24): an item knows which step of its campaign it is
-- (0 = the first DM), the follow-ups still planned after it (carried by step 0, checked by the
-- application), the item it follows up, and which stored template (and version) wrote its text.
-- crm_enqueue_outreach takes the new fields; everything else about it is 20261206000800's.

alter table public.outreach_items
  add column if not exists step smallint not null default 0 check (step between 0 and 3),
  add column if not exists follow_ups jsonb,
  add column if not exists parent_item_id uuid references public.outreach_items (id) on delete set null,
  add column if not exists template_id uuid,
  add column if not exists template_version integer;

create index if not exists outreach_items_parent_idx on public.outreach_items (parent_item_id) where parent_item_id is not null;

create or replace function public.crm_enqueue_outreach(p_account_id text, p_items jsonb, p_pending text[])
returns jsonb
language plpgsql as $$
declare
  v_new uuid[];
begin
  with input as (
    select x.* from jsonb_to_recordset(p_items) as x(id uuid, business_key text, kind text, contact_id uuid, username text,
      text text, text_key text, priority integer, scheduled_at timestamptz, campaign text, template text, video_id text,
      stop_on_reply boolean, requires_approval boolean, status text, notify_workflow_id text, request_id text,
      step smallint, follow_ups jsonb, parent_item_id uuid, template_id uuid, template_version integer)),
  ins as (
    insert into public.outreach_items (id, account_id, business_key, kind, contact_id, username, text, text_key, priority,
      scheduled_at, campaign, template, video_id, stop_on_reply, requires_approval, status, notify_workflow_id, request_id,
      step, follow_ups, parent_item_id, template_id, template_version)
    select id, p_account_id, business_key, kind, contact_id, username, text, text_key, coalesce(priority, 50),
      scheduled_at, campaign, template, video_id, stop_on_reply, coalesce(requires_approval, false), status, notify_workflow_id, request_id,
      coalesce(step, 0), follow_ups, parent_item_id, template_id, template_version
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
revoke execute on function public.crm_enqueue_outreach(text, jsonb, text[]) from public, anon, authenticated;
