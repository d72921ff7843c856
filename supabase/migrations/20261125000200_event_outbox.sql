-- Event outbox: every state change that should become a webhook event is written here in the
-- same transaction as the change. `seq` orders all events; `entity_seq` numbers the events of one
-- entity (1, 2, 3 ...) so a receiver can discard an older update that arrives late.

create table if not exists public.event_outbox (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  account_id text not null,
  type text not null check (type ~ '^[a-z_]+(\.[a-z_]+)+$'),
  entity_type text not null,
  entity_id text not null,
  entity_seq integer not null,
  payload jsonb not null,
  occurred_at timestamptz not null default now(),
  constraint event_outbox_seq_key unique (seq),
  constraint event_outbox_entity_seq_key unique (entity_type, entity_id, entity_seq)
);
create index if not exists event_outbox_type_idx on public.event_outbox (account_id, type, seq);

create table if not exists public.outbox_entity_sequences (
  entity_type text not null,
  entity_id text not null,
  last_seq integer not null,
  primary key (entity_type, entity_id)
);

-- The upsert on outbox_entity_sequences takes a row lock, so two writers of the same entity
-- get consecutive numbers instead of colliding.
create or replace function public.crm_emit_event(
  p_account_id text, p_type text, p_entity_type text, p_entity_id text, p_payload jsonb
) returns uuid
language plpgsql as $$
declare
  v_seq integer;
  v_id uuid;
begin
  insert into public.outbox_entity_sequences as s (entity_type, entity_id, last_seq)
  values (p_entity_type, p_entity_id, 1)
  on conflict (entity_type, entity_id) do update set last_seq = s.last_seq + 1
  returning last_seq into v_seq;

  insert into public.event_outbox (account_id, type, entity_type, entity_id, entity_seq, payload)
  values (p_account_id, p_type, p_entity_type, p_entity_id, v_seq, p_payload)
  returning id into v_id;
  return v_id;
end
$$;

alter table public.event_outbox enable row level security;
alter table public.outbox_entity_sequences enable row level security;
revoke execute on function public.crm_emit_event(text, text, text, text, jsonb) from public, anon, authenticated;
