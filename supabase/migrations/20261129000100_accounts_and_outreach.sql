-- Accounts and the outreach ledger. An account is one Instagram login driven by one Safari
-- Automation server; its pacing settings are per-account overrides of the configured defaults
-- (null = use the default). Every DM the CRM intends to send is one outreach_items row, unique
-- per business key, whatever asked for it (a direct DM, the queue, a campaign): the row is both
-- the queue entry and the ledger that makes "never twice" hold across restarts.

create table if not exists public.accounts (
  id text primary key check (id ~ '^[a-z0-9_-]{1,40}$'),
  safari_url text not null check (safari_url ~ '^https?://'),
  time_zone text,
  messages_per_hour integer check (messages_per_hour >= 0),
  messages_per_day integer check (messages_per_day >= 0),
  min_delay_ms integer check (min_delay_ms >= 0),
  max_delay_ms integer check (max_delay_ms >= 0),
  active_hours_start smallint check (active_hours_start between 0 and 23),
  active_hours_end smallint check (active_hours_end between 1 and 24),
  ramp_start_per_day integer check (ramp_start_per_day >= 0),
  ramp_step_per_day integer check (ramp_step_per_day >= 0),
  ramp_started_at timestamptz,
  approval_mode text check (approval_mode in ('none', 'first_contact', 'all')),
  -- Paused: no DM leaves. paused_until null while paused means "until resumed".
  paused boolean not null default false,
  paused_until timestamptz,
  pause_reason text,
  paused_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
drop trigger if exists accounts_touch_updated_at on public.accounts;
create trigger accounts_touch_updated_at before update on public.accounts
  for each row execute function public.crm_touch_updated_at();

create table if not exists public.outreach_items (
  id uuid primary key,
  -- Queue order among equal priorities: the order items were queued, a batch in its own order.
  seq bigint generated always as identity,
  account_id text not null references public.accounts (id),
  -- Direct DM: the request's idempotency key or a hash of contact + text + video; campaign: campaign + contact.
  business_key text not null,
  kind text not null check (kind in ('direct', 'queued', 'campaign')),
  contact_id uuid not null references public.contacts (id) on delete cascade,
  -- The handle it goes to, as it was when queued (a DM only ever goes to a handle).
  username text not null check (username = lower(username) and length(username) between 1 and 64),
  text text not null check (char_length(text) between 1 and 1000),
  -- A digest of the normalized text, computed by the application, for "same text to the same contact" checks.
  text_key text not null,
  priority integer not null default 50,
  scheduled_at timestamptz,
  campaign text,
  template text,
  video_id text,
  stop_on_reply boolean not null,
  requires_approval boolean not null default false,
  approved_at timestamptz,
  status text not null check (status in (
    'queued', 'awaiting_approval', 'sending', 'sent', 'failed', 'cancelled', 'skipped', 'needs_review')),
  -- The reservation of the current send attempt; a send only goes out under the token it reserved.
  attempt_token text,
  attempts integer not null default 0,
  soft_failures integer not null default 0,
  last_attempt_at timestamptz,
  outcome text,
  last_error text,
  sent_at timestamptz,
  -- A workflow waiting for this item's outcome (sendDmWithContent), signalled when it settles.
  notify_workflow_id text,
  request_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint outreach_items_account_key unique (account_id, business_key),
  -- Only a reservation sends: an item is never 'sending' without the token of the attempt that holds it.
  constraint outreach_items_sending_token check (status <> 'sending' or attempt_token is not null)
);
create index if not exists outreach_items_ready_idx
  on public.outreach_items (account_id, priority desc, scheduled_at nulls first, seq) where status = 'queued';
create index if not exists outreach_items_sends_idx
  on public.outreach_items (account_id, coalesce(sent_at, last_attempt_at)) where status in ('sent', 'sending', 'needs_review');
create index if not exists outreach_items_contact_idx on public.outreach_items (contact_id, text_key);
create index if not exists outreach_items_status_idx on public.outreach_items (account_id, status);
drop trigger if exists outreach_items_touch_updated_at on public.outreach_items;
create trigger outreach_items_touch_updated_at before update on public.outreach_items
  for each row execute function public.crm_touch_updated_at();

-- Each item's history: queued, held, approved, attempts, outcomes.
create table if not exists public.outreach_item_events (
  id bigint generated always as identity primary key,
  item_id uuid not null references public.outreach_items (id) on delete cascade,
  at timestamptz not null default now(),
  status text not null,
  detail jsonb not null default '{}'::jsonb
);
create index if not exists outreach_item_events_item_idx on public.outreach_item_events (item_id, id);

-- A message the CRM sent keeps the ledger row it came from.
alter table public.messages add column if not exists outreach_item_id uuid references public.outreach_items (id) on delete set null;

alter table public.accounts enable row level security;
alter table public.outreach_items enable row level security;
alter table public.outreach_item_events enable row level security;
