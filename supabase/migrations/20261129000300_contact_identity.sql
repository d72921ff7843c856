-- One person, one contact. The later Safari server lists a conversation by display name one time
-- and by handle the next, with a thread id only some of the time, so a contact keeps every thread
-- id, handle and display name it was ever seen with (contact_aliases): a listing row is matched
-- against all of them. Two contacts found to be one person are merged; the absorbed id keeps
-- resolving to the survivor (contact_merges). Profile lookups (a browser call of ~10 s) are
-- remembered (profile_lookups). Pairs the evidence points to but cannot settle are kept for the
-- user (contact_duplicate_suspects).

create table if not exists public.contact_aliases (
  account_id text not null,
  contact_id uuid not null references public.contacts (id) on delete cascade,
  -- thread: a thread id; handle: a handle; name: a display key (NFC, whitespace collapsed, lower-case).
  kind text not null check (kind in ('thread', 'handle', 'name')),
  value text not null check (value <> ''),
  shown text,
  first_seen_at timestamptz not null default now(),
  primary key (account_id, kind, value, contact_id)
);
-- A thread id or a handle belongs to one person; a display name may be shared.
create unique index if not exists contact_aliases_one_owner_key
  on public.contact_aliases (account_id, kind, value) where kind in ('thread', 'handle');
create index if not exists contact_aliases_contact_idx on public.contact_aliases (contact_id);

create or replace function public.crm_display_key(p_name text) returns text
language sql immutable as $$
  select nullif(lower(btrim(regexp_replace(normalize(p_name, NFC), '\s+', ' ', 'g'))), '')
$$;

-- Every writer of contacts (listing, import, API, merge) records what it saw, without a second
-- code path per writer. A value another contact already owns is left with its owner: that
-- conflict is evidence the identity step deals with.
create or replace function public.crm_record_contact_aliases() returns trigger
language plpgsql as $$
begin
  insert into public.contact_aliases (account_id, contact_id, kind, value, shown)
  select new.account_id, new.id, a.kind, a.value, a.shown
  from (values ('thread', new.thread_id, new.thread_id), ('handle', new.username, new.username),
               ('name', public.crm_display_key(new.display_name), new.display_name)) as a(kind, value, shown)
  where a.value is not null
  on conflict do nothing;
  return null;
end
$$;
drop trigger if exists contacts_record_aliases on public.contacts;
create trigger contacts_record_aliases after insert or update of thread_id, username, display_name on public.contacts
  for each row execute function public.crm_record_contact_aliases();

insert into public.contact_aliases (account_id, contact_id, kind, value, shown)
select c.account_id, c.id, a.kind, a.value, a.shown
from public.contacts c
cross join lateral (values ('thread', c.thread_id, c.thread_id), ('handle', c.username, c.username),
  ('name', public.crm_display_key(c.display_name), c.display_name)) as a(kind, value, shown)
where a.value is not null
on conflict do nothing;

create table if not exists public.contact_merges (
  absorbed_id uuid primary key,
  account_id text not null,
  survivor_id uuid not null references public.contacts (id) on delete cascade,
  evidence jsonb not null,
  merged_by text not null check (merged_by in ('sync', 'user')),
  merged_at timestamptz not null default now()
);
create index if not exists contact_merges_survivor_idx on public.contact_merges (survivor_id);

create table if not exists public.profile_lookups (
  account_id text not null,
  handle text not null,
  found boolean not null,
  full_name text,
  looked_up_at timestamptz not null default now(),
  primary key (account_id, handle)
);

create table if not exists public.contact_duplicate_suspects (
  account_id text not null,
  contact_id uuid not null references public.contacts (id) on delete cascade,
  other_id uuid not null references public.contacts (id) on delete cascade,
  reason text not null,
  detail jsonb not null default '{}'::jsonb,
  noted_at timestamptz not null default now(),
  primary key (contact_id, other_id),
  check (contact_id < other_id)
);
create index if not exists contact_duplicate_suspects_account_idx on public.contact_duplicate_suspects (account_id, noted_at desc);

alter table public.contact_aliases enable row level security;
alter table public.contact_merges enable row level security;
alter table public.profile_lookups enable row level security;
alter table public.contact_duplicate_suspects enable row level security;
