-- API keys as data (POST /api/keys): each stored only as the sha256 of the key, with the first
-- characters to recognise it by. The scopes and what each may do are src/domain/api-scopes.ts.
create table if not exists public.api_keys (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 100),
  scope text not null,
  key_hash text not null unique,
  prefix text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  revoked_by text
);
-- A name says who a record was made by: one live key per name.
create unique index if not exists api_keys_live_name on public.api_keys (name) where revoked_at is null;
alter table public.api_keys enable row level security;
