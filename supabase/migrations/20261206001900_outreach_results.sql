-- Results you can compare (issue 24 §3): an account's DMs of a period, counted per group in one
-- set-based read (one jsonb answer, so PostgREST's 1000-row cap never cuts it). What the figures
-- mean is decided in TypeScript (src/domain/outreach-results.ts) and passed in: which statuses count
-- as queued, sent and failed, which intent is interest, which template label is which video lane.
-- Each group: its DMs by status, the contacts it reached, and per reached contact who answered
-- within p_window_seconds of the group's first DM to them (the minutes it took), who showed interest
-- in that window and who opted out in it. A message's time is when Instagram showed it sent, else
-- when the sync first saw it.
create or replace function public.crm_outreach_results(p_account_id text, p_group_by text, p_since timestamptz,
  p_until timestamptz, p_window_seconds integer, p_time_zone text, p_lanes jsonb, p_queued text[], p_sent text[],
  p_failed text[], p_interested text)
returns jsonb
language sql stable as $$
  with items as (
    select o.contact_id, o.status, o.sent_at,
      case p_group_by
        when 'campaign' then o.campaign
        when 'template' then coalesce(o.template_id::text, o.template)
        when 'video' then o.video_id
        when 'lane' then p_lanes ->> o.template
        when 'step' then o.step::text
        when 'day' then to_char(coalesce(o.sent_at, o.created_at) at time zone p_time_zone, 'YYYY-MM-DD')
      end as grp
    from public.outreach_items o
    where o.account_id = p_account_id
      and (p_since is null or coalesce(o.sent_at, o.created_at) >= p_since)
      and (p_until is null or coalesce(o.sent_at, o.created_at) < p_until)),
  firsts as (
    select grp, contact_id, min(sent_at) as first_at, min(sent_at) + make_interval(secs => p_window_seconds) as until_at
    from items where status = any (p_sent) and sent_at is not null group by grp, contact_id),
  answers as (
    select f.grp, f.contact_id, min(coalesce(m.sent_at, m.observed_at)) - f.first_at as took,
      bool_or(m.intent is not distinct from p_interested) as interested
    from firsts f
    join public.messages m on m.contact_id = f.contact_id and m.account_id = p_account_id and not m.is_outbound
      and coalesce(m.sent_at, m.observed_at) > f.first_at and coalesce(m.sent_at, m.observed_at) <= f.until_at
    group by f.grp, f.contact_id, f.first_at),
  reached as (
    select f.grp, count(*) as n,
      count(*) filter (where c.opted_out and c.opted_out_at > f.first_at and c.opted_out_at <= f.until_at) as opted_out
    from firsts f join public.contacts c on c.id = f.contact_id group by f.grp),
  replied as (
    select grp, jsonb_agg(round(extract(epoch from took) / 60.0, 2) order by took) as minutes,
      count(*) filter (where interested) as interested
    from answers group by grp),
  counts as (
    select grp, count(*) filter (where status = any (p_queued)) as n_queued,
      count(*) filter (where status = any (p_sent)) as n_sent, count(*) filter (where status = any (p_failed)) as n_failed
    from items group by grp)
  select coalesce(jsonb_agg(jsonb_build_object('group', k.grp, 'n_queued', k.n_queued, 'n_sent', k.n_sent,
      'n_failed', k.n_failed, 'reached', coalesce(r.n, 0), 'reply_minutes', coalesce(p.minutes, '[]'::jsonb),
      'interested', coalesce(p.interested, 0), 'opted_out', coalesce(r.opted_out, 0)) order by k.grp), '[]'::jsonb)
  from counts k
  left join reached r on r.grp is not distinct from k.grp
  left join replied p on p.grp is not distinct from k.grp
$$;
revoke execute on function public.crm_outreach_results(text, text, timestamptz, timestamptz, integer, text, jsonb,
  text[], text[], text[], text) from public, anon, authenticated;
