-- outreach.awaiting_approval goes out at most once per CRM_APPROVAL_NOTIFY_INTERVAL per account:
-- the last notice's time lives on the account. Whether one is due, and its payload, are decided in
-- TypeScript (src/domain/approval-notice.ts) from the time it read; the write moves the time only if
-- it is still what was read (compare-and-set under the row lock) and writes the event in the same
-- transaction, so two callers deciding at once write one event between them.
alter table public.accounts add column if not exists approval_notified_at timestamptz;

create or replace function public.crm_record_approval_notice(
  p_account_id text, p_expect timestamptz, p_at timestamptz, p_events jsonb)
returns boolean
language plpgsql
set search_path = public
as $$
begin
  update public.accounts set approval_notified_at = p_at
   where id = p_account_id and approval_notified_at is not distinct from p_expect;
  if not found then
    return false;
  end if;
  perform public.crm_emit_outbox_events(p_account_id, p_events);
  return true;
end;
$$;

revoke execute on function public.crm_record_approval_notice(text, timestamptz, timestamptz, jsonb) from public, anon, authenticated;
