-- CRM core: contacts, conversations, messages, score history.
-- Written to be re-runnable (IF NOT EXISTS / OR REPLACE); the project also records applied
-- versions in supabase_migrations.schema_migrations, the table `supabase db push` uses.

create or replace function public.crm_touch_updated_at() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create table if not exists public.contacts (
  id uuid primary key default gen_random_uuid(),
  account_id text not null default 'default',
  username text not null check (username = lower(username) and length(username) between 1 and 64),
  display_name text,
  thread_id text,
  relationship_score smallint check (relationship_score between 0 and 100),
  score_components jsonb,
  scored_at timestamptz,
  pipeline_stage text not null default 'first_touch' check (pipeline_stage in (
    'first_touch', 'context_captured', 'micro_win_delivered', 'cadence_established',
    'trust_signals', 'fit_repeats', 'permissioned_offer', 'post_win_expansion')),
  what_theyre_building text,
  current_friction text,
  their_definition_of_win text,
  asks_opinion boolean not null default false,
  shares_updates boolean not null default false,
  has_referred_others boolean not null default false,
  fit_signals text[] not null default '{}',
  tags text[] not null default '{}',
  notes text,
  value_delivered_count integer not null default 0 check (value_delivered_count >= 0),
  promises_kept integer not null default 0 check (promises_kept >= 0),
  promises_made integer not null default 0 check (promises_made >= 0),
  opted_out boolean not null default false,
  total_messages_sent integer not null default 0,
  total_messages_received integer not null default 0,
  last_message_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint contacts_account_username_key unique (account_id, username)
);
-- A thread id, once Instagram shows it, identifies one contact: listings may show display names.
create unique index if not exists contacts_account_thread_key
  on public.contacts (account_id, thread_id) where thread_id is not null;
create index if not exists contacts_account_score_idx
  on public.contacts (account_id, relationship_score desc nulls last, id);
create index if not exists contacts_tags_idx on public.contacts using gin (tags);

create table if not exists public.conversations (
  id uuid primary key default gen_random_uuid(),
  account_id text not null default 'default',
  contact_id uuid not null references public.contacts (id) on delete cascade,
  thread_id text,
  tab text not null default 'primary' check (tab in ('primary', 'general', 'requests', 'hidden_requests')),
  last_message_preview text,
  last_message_is_outbound boolean,
  unread_count integer not null default 0,
  message_count integer not null default 0,
  last_synced_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversations_contact_key unique (contact_id)
);

create table if not exists public.messages (
  id uuid primary key default gen_random_uuid(),
  account_id text not null default 'default',
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  contact_id uuid not null references public.contacts (id) on delete cascade,
  -- Instagram gives no message ids: a message is its place in the thread.
  position integer not null check (position >= 0),
  message_text text not null,
  message_type text not null default 'text'
    check (message_type in ('text', 'image', 'video', 'audio', 'story_reply', 'link')),
  is_outbound boolean not null,
  sent_by_automation boolean not null default false,
  sent_at timestamptz,
  observed_at timestamptz not null default now(),
  constraint messages_conversation_position_key unique (conversation_id, position)
);
create index if not exists messages_contact_position_idx on public.messages (contact_id, position desc);

create table if not exists public.score_history (
  id uuid primary key default gen_random_uuid(),
  contact_id uuid not null references public.contacts (id) on delete cascade,
  score smallint not null check (score between 0 and 100),
  previous_score smallint,
  components jsonb not null,
  reason text not null,
  scored_at timestamptz not null default now()
);
create index if not exists score_history_contact_idx on public.score_history (contact_id, scored_at desc);

drop trigger if exists contacts_touch_updated_at on public.contacts;
create trigger contacts_touch_updated_at before update on public.contacts
  for each row execute function public.crm_touch_updated_at();
drop trigger if exists conversations_touch_updated_at on public.conversations;
create trigger conversations_touch_updated_at before update on public.conversations
  for each row execute function public.crm_touch_updated_at();

-- Only the server (service_role key) reads or writes CRM data; with no policies, anon sees nothing.
alter table public.contacts enable row level security;
alter table public.conversations enable row level security;
alter table public.messages enable row level security;
alter table public.score_history enable row level security;
