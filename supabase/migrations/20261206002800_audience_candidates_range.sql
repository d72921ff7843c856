-- The audience step reads the contacts in two key ranges at once, so the database answers one
-- range's page while the worker parses the other's: an upper bound beside the keyset's lower one
-- (null: none, as before). The signature changes, so the old function goes first.
drop function if exists public.crm_audience_candidates(text, uuid, integer, text[]);

create or replace function public.crm_audience_candidates(p_account_id text, p_after_id uuid, p_limit integer, p_contacting text[],
  p_before_id uuid default null)
returns table (
  id uuid, username text, display_name text, pipeline_stage text, relationship_score smallint,
  what_theyre_building text, current_friction text, their_definition_of_win text,
  fit_signals text[], tags text[], opted_out boolean, recent_inbound text[],
  outbound_sent_at timestamptz, untimed_first_read_at timestamptz, untimed_later_read_at timestamptz,
  outreach_at timestamptz
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
    o.sent_at, o.first_read_at, o.later_read_at,
    (select max(coalesce(i.sent_at, i.created_at)) from public.outreach_items i
      where i.contact_id = c.id and i.status = any (p_contacting))
  from public.contacts c
  cross join lateral (
    -- A read stores a thread's messages in one transaction: the first read's share its observed_at
    -- with the thread's position 0 (as crm_unchecked_messages tells a first read).
    select max(m.sent_at) as sent_at,
      max(m.observed_at) filter (where m.sent_at is null and (f.observed_at is null or f.observed_at = m.observed_at)) as first_read_at,
      max(m.observed_at) filter (where m.sent_at is null and f.observed_at <> m.observed_at) as later_read_at
    from public.messages m
    left join public.messages f on f.conversation_id = m.conversation_id and f.position = 0
    where m.contact_id = c.id and m.is_outbound
  ) o
  where c.account_id = p_account_id and (p_after_id is null or c.id > p_after_id) and (p_before_id is null or c.id < p_before_id)
  order by c.id
  limit least(greatest(p_limit, 1), 1000)
$$;
revoke execute on function public.crm_audience_candidates(text, uuid, integer, text[], uuid) from public, anon, authenticated;
