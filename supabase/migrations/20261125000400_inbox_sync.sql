-- Inbox sync: contacts known only by a display name and a thread (the later Safari server lists
-- display names, not handles), conversations queued for reading, and claims that let several
-- batch readers share the queue without reading a thread twice.

alter table public.contacts alter column username drop not null;
alter table public.contacts drop constraint if exists contacts_identity_check;
alter table public.contacts add constraint contacts_identity_check
  check (username is not null or thread_id is not null or display_name is not null);
create index if not exists contacts_account_display_name_idx on public.contacts (account_id, lower(display_name));

alter table public.conversations add column if not exists listing_name text;
alter table public.conversations add column if not exists needs_read boolean not null default false;
alter table public.conversations add column if not exists read_claim text;
alter table public.conversations add column if not exists read_claimed_at timestamptz;
alter table public.conversations add column if not exists last_read_at timestamptz;
alter table public.conversations add column if not exists last_read_error text;
create index if not exists conversations_listing_name_idx on public.conversations (account_id, listing_name);
create index if not exists conversations_needs_read_idx on public.conversations (account_id, id) where needs_read;

-- Scores keep the message-derived part (resonance) so a periodic rescore needs only the contact row.
alter table public.contacts add column if not exists resonance smallint;
