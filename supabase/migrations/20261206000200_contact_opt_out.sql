-- Opt-outs that say why. A contact is opted out by their own message asking us to stop (found by
-- the sync, src/domain/opt-out.ts) or by a person; what is kept: when, the phrase that matched
-- (or 'manual'), the message, and who ('message' or 'user'); and when a person last opted them back in.
alter table public.contacts
  add column if not exists opted_out_at timestamptz,
  add column if not exists opted_out_reason text,
  add column if not exists opted_out_message_id uuid references public.messages (id) on delete set null,
  add column if not exists opted_out_by text,
  add column if not exists opted_in_at timestamptz;

-- Until now opted_out was only ever set by hand.
update public.contacts set opted_out_reason = 'manual', opted_out_by = 'user' where opted_out and opted_out_reason is null;

-- Opts contacts out or back in, each with what it entails, in the caller's transaction. The
-- application decides and builds each change (src/domain/opt-out-changes.ts); `p_pending` is the
-- statuses still waiting to go out (PENDING_STATUSES). Opting out cancels every DM of theirs in
-- those statuses, with the change's note and history (an item being sent is the sender's); the
-- event is written only when the contact's state changes, so a repeated call writes nothing twice.
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
        update public.outreach_items set status = 'cancelled', outcome = 'opted_out', last_error = ch ->> 'note'
        where contact_id = k.id and status = any (p_pending)
        returning id),
      history as (
        insert into public.outreach_item_events (item_id, status, detail)
        select id, 'cancelled', coalesce(ch -> 'detail', '{}'::jsonb) from cancelled
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

revoke execute on function public.crm_set_opt_out(text, jsonb, text[]) from public, anon, authenticated;
