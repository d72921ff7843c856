-- A finished sync run, recorded with its sync.completed event in one transaction: the event is
-- written exactly when the run is recorded, and a repeated call (an activity retried after its
-- answer was lost) records nothing and writes no second event.
create table if not exists public.sync_runs (
  run_key text primary key check (char_length(run_key) <= 300),
  account_id text not null,
  counts jsonb not null,
  finished_at timestamptz not null default now()
);
create index if not exists sync_runs_account_idx on public.sync_runs (account_id, finished_at desc);
alter table public.sync_runs enable row level security;

-- Answers the event's id, or null when this run was already recorded.
create or replace function public.crm_record_sync_run(p_run_key text, p_account_id text, p_payload jsonb)
returns uuid
language plpgsql as $$
begin
  insert into public.sync_runs (run_key, account_id, counts) values (p_run_key, p_account_id, p_payload)
  on conflict (run_key) do nothing;
  if not found then
    return null;
  end if;
  return public.crm_emit_event(p_account_id, 'sync.completed', 'sync', p_account_id, p_payload);
end
$$;
revoke execute on function public.crm_record_sync_run(text, text, jsonb) from public, anon, authenticated;
