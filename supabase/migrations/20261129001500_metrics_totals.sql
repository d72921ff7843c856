-- What GET /metrics reports from the durable tables, in one call. The numbers are counted from the
-- rows themselves, so they survive restarts and cannot drift from what happened; the API caches the
-- answer for a moment so a scrape storm does not reach the database.

-- Webhook attempts leave the log (pruned after WEBHOOK_LOG_RETENTION_MS, or with a deleted
-- endpoint): what leaves is folded into these totals first, so the counters never go backwards.
-- le_ms is the upper bound of the latency bucket (2147483647 stands for +Inf).
create table if not exists public.webhook_attempt_totals (
  outcome text not null,
  le_ms integer not null,
  attempts bigint not null default 0,
  latency_ms_sum bigint not null default 0,
  primary key (outcome, le_ms)
);
alter table public.webhook_attempt_totals enable row level security;

-- The latency buckets, in one place: the live rows and the folded ones are bucketed alike.
create or replace function public.crm_webhook_latency_bucket(p_ms integer)
returns integer
language sql immutable as $$
  select coalesce((select b from unnest(array[25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 15000, 30000, 60000]) b
                   where p_ms <= b order by b limit 1), 2147483647)
$$;

-- Test sends (POST /api/webhooks/test) are not deliveries of events: they are left out here and below.
create or replace function public.crm_fold_webhook_attempts()
returns trigger
language plpgsql as $$
begin
  -- In key order, so two folds running at once lock the rows they share in the same order.
  insert into public.webhook_attempt_totals as t (outcome, le_ms, attempts, latency_ms_sum)
  select outcome, public.crm_webhook_latency_bucket(latency_ms), count(*), sum(latency_ms)
  from gone where not test group by 1, 2 order by 1, 2
  on conflict (outcome, le_ms) do update
    set attempts = t.attempts + excluded.attempts, latency_ms_sum = t.latency_ms_sum + excluded.latency_ms_sum;
  return null;
end
$$;
drop trigger if exists webhook_attempts_fold on public.webhook_attempts;
create trigger webhook_attempts_fold after delete on public.webhook_attempts
  referencing old table as gone for each statement execute function public.crm_fold_webhook_attempts();

-- DMs by account and how they ended (the outcome code is the reason of a skip or a failure),
-- sync totals by account, webhook attempts by outcome and latency bucket, deliveries still owed.
create or replace function public.crm_metrics_totals()
returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'dms', (select coalesce(jsonb_agg(to_jsonb(d)), '[]'::jsonb) from (
              select account_id, status, case when status = 'sent' then null else outcome end as reason, count(*) as n
              from public.outreach_items where status in ('sent', 'failed', 'needs_review', 'skipped')
              group by 1, 2, 3 order by 1, 2, 3) d),
    'sync', (select coalesce(jsonb_agg(to_jsonb(s)), '[]'::jsonb) from (
              select account_id, count(*) as runs,
                coalesce(sum((counts ->> 'threadsRead')::numeric), 0) as threads_read,
                coalesce(sum((counts ->> 'threadsFailed')::numeric), 0) as threads_failed,
                coalesce(sum((counts ->> 'messagesAdded')::numeric), 0) as messages_added,
                coalesce(sum((counts ->> 'contactsCreated')::numeric), 0) as contacts_created
              from public.sync_runs group by 1 order by 1) s),
    'webhooks', (select coalesce(jsonb_agg(to_jsonb(w)), '[]'::jsonb) from (
              select outcome, le_ms, sum(attempts) as attempts, sum(latency_ms_sum) as latency_ms_sum from (
                select outcome, le_ms, attempts, latency_ms_sum from public.webhook_attempt_totals
                union all
                select outcome, public.crm_webhook_latency_bucket(latency_ms), count(*), sum(latency_ms)
                from public.webhook_attempts where not test group by 1, 2) x
              group by 1, 2 order by 1, 2) w),
    'webhook_pending', (select count(*) from public.webhook_deliveries where status = 'pending'))
$$;
revoke execute on function public.crm_metrics_totals() from public, anon, authenticated;
revoke execute on function public.crm_fold_webhook_attempts() from public, anon, authenticated;
