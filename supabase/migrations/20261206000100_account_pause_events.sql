-- Pausing and resuming an account writes its event (account.paused / account.resumed, built and
-- checked in TypeScript) in the same transaction as the change. The caller may guard the change
-- with the state it expects (a pause that ran out ends only if it is still that pause), so a
-- pause someone set meanwhile is not undone and no event is written twice.
-- Events built and checked in TypeScript ({type, entity_type, entity_id, payload}, events.ts), written
-- by the function that makes the change they report, in its transaction.
create or replace function public.crm_emit_outbox_events(p_account_id text, p_events jsonb)
returns void
language plpgsql
as $$
begin
  -- In order, each numbered per entity by crm_emit_event.
  perform public.crm_emit_event(p_account_id, e.value ->> 'type', e.value ->> 'entity_type', e.value ->> 'entity_id', e.value -> 'payload')
  from jsonb_array_elements(coalesce(p_events, '[]'::jsonb)) with ordinality as e(value, ord) order by e.ord;
end;
$$;

create or replace function public.crm_set_account_pause(
  p_account_id text, p_paused boolean, p_until timestamptz, p_reason text,
  p_expect_paused boolean, p_expect_until timestamptz, p_events jsonb)
returns jsonb
language plpgsql
set search_path = public
as $$
declare
  v_row public.accounts;
begin
  update public.accounts
     set paused = p_paused, paused_until = p_until, pause_reason = p_reason,
         paused_at = case when p_paused then now() else null end
   where id = p_account_id
     and (p_expect_paused is null or paused = p_expect_paused)
     and (p_expect_until is null or paused_until = p_expect_until)
  returning * into v_row;
  if not found then
    select * into v_row from public.accounts where id = p_account_id;
    return jsonb_build_object('applied', false, 'account', case when v_row.id is null then null else to_jsonb(v_row) end);
  end if;
  perform public.crm_emit_outbox_events(p_account_id, p_events);
  return jsonb_build_object('applied', true, 'account', to_jsonb(v_row));
end;
$$;

revoke execute on function public.crm_emit_outbox_events(text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_set_account_pause(text, boolean, timestamptz, text, boolean, timestamptz, jsonb) from public, anon, authenticated;
