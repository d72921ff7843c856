-- Webhook endpoints a user registers. The secret signs what we send: generated Standard Webhooks
-- style (`whsec_` + base64) unless the user gives one (the design's example gives a plain string).
-- It is stored because signing needs it, and returned only when created or rotated. After a rotation the previous secret keeps signing until `previous_secret_expires_at`,
-- so a receiver can switch without losing a delivery.
create table if not exists public.webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  url text not null check (url ~ '^https?://' and char_length(url) <= 2048),
  -- Event types, or '*' for all; checked against the typed catalogue by the API.
  events text[] not null check (cardinality(events) between 1 and 64),
  description text check (char_length(description) <= 500),
  secret text not null check (char_length(secret) between 8 and 256),
  previous_secret text,
  previous_secret_expires_at timestamptz,
  enabled boolean not null default true,
  disabled_reason text,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists webhook_endpoints_enabled_idx on public.webhook_endpoints (enabled, created_at);
drop trigger if exists webhook_endpoints_touch_updated_at on public.webhook_endpoints;
create trigger webhook_endpoints_touch_updated_at before update on public.webhook_endpoints
  for each row execute function public.crm_touch_updated_at();
alter table public.webhook_endpoints enable row level security;

-- A rotation in one statement: two rotating at once cannot both keep the same "previous" secret.
create or replace function public.crm_rotate_webhook_secret(p_id uuid, p_secret text, p_grace_until timestamptz)
returns setof public.webhook_endpoints
language sql as $$
  update public.webhook_endpoints set previous_secret = secret, secret = p_secret, previous_secret_expires_at = p_grace_until
  where id = p_id returning *
$$;
revoke execute on function public.crm_rotate_webhook_secret(uuid, text, timestamptz) from public, anon, authenticated;
