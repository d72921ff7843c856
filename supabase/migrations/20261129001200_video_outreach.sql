-- Video outreach (issue 11): what the audience match reads about each contact, a page at a time,
-- and where the MediaPoster watcher has read up to. The match itself (scores, reasons, who is left
-- out and why) lives in TypeScript (src/domain/video-audience.ts); this only gathers the facts.

-- One page of an account's contacts in id order (keyset: pass the last id seen), each with its
-- latest inbound texts and the last time we messaged it or queued a DM for it. A page is at most
-- 1000 rows, PostgREST's cap.
create or replace function public.crm_outreach_candidates(p_account_id text, p_after_id uuid, p_limit integer)
returns table (
  id uuid, username text, display_name text, pipeline_stage text, relationship_score smallint,
  what_theyre_building text, current_friction text, their_definition_of_win text,
  fit_signals text[], tags text[], opted_out boolean, recent_inbound text[], last_contacted_at timestamptz
)
language sql stable as $$
  select c.id, c.username, c.display_name, c.pipeline_stage, c.relationship_score,
    c.what_theyre_building, c.current_friction, c.their_definition_of_win, c.fit_signals, c.tags, c.opted_out,
    coalesce((
      select array_agg(left(r.message_text, 500) order by r.position desc)
      from (
        select m.message_text, m.position from public.messages m
        where m.contact_id = c.id and not m.is_outbound order by m.position desc limit 5
      ) r
    ), '{}'::text[]),
    greatest(
      (select max(coalesce(m.sent_at, m.observed_at)) from public.messages m where m.contact_id = c.id and m.is_outbound),
      (select max(coalesce(o.sent_at, o.created_at)) from public.outreach_items o
        where o.contact_id = c.id and o.status in ('queued', 'awaiting_approval', 'sending', 'sent', 'needs_review'))
    )
  from public.contacts c
  where c.account_id = p_account_id and (p_after_id is null or c.id > p_after_id)
  order by c.id
  limit least(greatest(p_limit, 1), 1000)
$$;
revoke execute on function public.crm_outreach_candidates(text, uuid, integer) from public, anon, authenticated;

-- The MediaPoster watcher's cursor per account: the (updated_at, id) of the last post it handled.
create table if not exists public.mediaposter_watch (
  account_id text primary key,
  cursor_at timestamptz not null,
  cursor_post_id text not null default '',
  updated_at timestamptz not null default now()
);
alter table public.mediaposter_watch enable row level security;
