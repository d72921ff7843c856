-- Webhook delivery: one row per (event, endpoint) it is owed to, and one row per attempt. Which
-- endpoint gets which event, when to retry and when to give up are decided in TypeScript
-- (src/domain/webhook-*.ts); these functions only read pages and write the decisions in bulk.

-- Where the dispatcher is in the outbox. A missing seq after last_seq may belong to a transaction
-- still running: gap_* keeps the first sighting (the missing range and the snapshot's xmax then),
-- and once every transaction running then has ended (xmin now >= that xmax) the range is final.
create table if not exists public.webhook_dispatch_state (
  id boolean primary key default true check (id),
  last_seq bigint not null,
  gap_from bigint,
  gap_to bigint,
  gap_horizon text,
  updated_at timestamptz not null default now()
);
-- Events written before webhooks existed are owed to nobody: start after them.
insert into public.webhook_dispatch_state (last_seq)
select coalesce(max(seq), 0) from public.event_outbox
on conflict (id) do nothing;
alter table public.webhook_dispatch_state enable row level security;

alter table public.webhook_endpoints add column if not exists failing_since timestamptz;

create table if not exists public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  endpoint_id uuid not null references public.webhook_endpoints (id) on delete cascade,
  event_id uuid not null,
  event_seq bigint not null,
  event_type text not null,
  -- Standard Webhooks' webhook-id: the same for every attempt of this message.
  message_id text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed', 'cancelled')),
  attempts integer not null default 0,
  next_attempt_at timestamptz default now(),
  -- A replay's attempts never count toward disabling the endpoint.
  replay boolean not null default false,
  last_response_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  constraint webhook_deliveries_once unique (endpoint_id, event_id)
);
create index if not exists webhook_deliveries_due_idx on public.webhook_deliveries (endpoint_id, next_attempt_at) where status = 'pending';
create index if not exists webhook_deliveries_endpoint_idx on public.webhook_deliveries (endpoint_id, event_seq desc);
alter table public.webhook_deliveries enable row level security;

create table if not exists public.webhook_attempts (
  id bigint generated always as identity primary key,
  -- null for a test message (POST /api/webhooks/test), which has no delivery row.
  delivery_id uuid references public.webhook_deliveries (id) on delete cascade,
  endpoint_id uuid not null references public.webhook_endpoints (id) on delete cascade,
  message_id text not null,
  event_type text not null,
  attempt integer not null,
  outcome text not null check (outcome in ('delivered', 'retrying', 'failed', 'gone')),
  response_status integer,
  response_body text check (char_length(response_body) <= 2048),
  latency_ms integer not null,
  error text,
  next_attempt_at timestamptz,
  replay boolean not null default false,
  test boolean not null default false,
  attempted_at timestamptz not null default now()
);
create index if not exists webhook_attempts_endpoint_idx on public.webhook_attempts (endpoint_id, id desc);
create index if not exists webhook_attempts_delivery_idx on public.webhook_attempts (delivery_id, id);
alter table public.webhook_attempts enable row level security;
