-- Keyword replies (issue 23 §4): "DM me GUIDE and I'll send it". An automation is a set of
-- keywords and a reply; when an inbound message contains one, the reply is queued once per
-- automation and contact (outreach_items' ledger key). Which message matches which automation is
-- decided in TypeScript (src/domain/keyword-match.ts, src/app/automations/); SQL keeps the locked,
-- set-based write.

create table if not exists public.automations (
  id uuid primary key default gen_random_uuid(),
  account_id text not null references public.accounts (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  keywords text[] not null check (cardinality(keywords) between 1 and 50),
  reply_text text check (char_length(reply_text) between 1 and 2000),
  reply_template text check (char_length(reply_template) between 1 and 2000),
  video_id text,
  enabled boolean not null default true,
  -- Messages from before this are history to the automation (no backfill); null while disabled.
  active_since timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint automations_one_reply check ((reply_text is null) <> (reply_template is null))
);
create index if not exists automations_account_idx on public.automations (account_id, created_at, id);
drop trigger if exists automations_touch_updated_at on public.automations;
create trigger automations_touch_updated_at before update on public.automations
  for each row execute function public.crm_touch_updated_at();
alter table public.automations enable row level security;

-- Each message that contained a keyword of an automation, and what came of it (the item queued, or why none).
create table if not exists public.automation_matches (
  automation_id uuid not null references public.automations (id) on delete cascade,
  message_id uuid not null references public.messages (id) on delete cascade,
  account_id text not null,
  contact_id uuid not null references public.contacts (id) on delete cascade,
  keyword text not null,
  outcome text not null,
  item_id uuid references public.outreach_items (id) on delete set null,
  matched_at timestamptz not null default now(),
  primary key (automation_id, message_id)
);
alter table public.automation_matches enable row level security;

-- Messages stored from now on wait to be checked for keywords; those already stored count as checked.
alter table public.messages add column if not exists keywords_checked boolean not null default true;
alter table public.messages alter column keywords_checked set default false;
create index if not exists messages_keywords_unchecked_idx
  on public.messages (account_id, observed_at, id) where not keywords_checked;

-- The inbound messages of an account not yet checked for keywords, oldest first, each with its
-- contact and whether it came in its thread's first read (stored together with position 0: the
-- thread's history, of unknown age when Instagram showed no time). Our own are marked checked.
create or replace function public.crm_unchecked_messages(p_account_id text, p_limit integer)
returns jsonb
language plpgsql as $$
begin
  update public.messages set keywords_checked = true
   where account_id = p_account_id and not keywords_checked and is_outbound;
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
        'id', m.id, 'conversation_id', m.conversation_id, 'position', m.position, 'text', m.message_text,
        'sent_at', m.sent_at, 'observed_at', m.observed_at,
        'first_read', f.observed_at is null or f.observed_at = m.observed_at,
        'contact', jsonb_build_object('id', k.id, 'username', k.username, 'display_name', k.display_name,
          'opted_out', k.opted_out, 'total_messages_received', k.total_messages_received,
          'pipeline_stage', k.pipeline_stage, 'relationship_score', k.relationship_score, 'tags', k.tags))
        order by m.observed_at, m.id), '[]'::jsonb)
    from (select * from public.messages
          where account_id = p_account_id and not keywords_checked and not is_outbound
          order by observed_at, id limit p_limit) m
    join public.contacts k on k.id = m.contact_id
    left join public.messages f on f.conversation_id = m.conversation_id and f.position = 0);
end
$$;

-- Records what the checker decided about a set of messages, in one transaction: the replies queued
-- (crm_enqueue_outreach: a ledger key already taken queues nothing), one match row per automation
-- and message with its outcome, automation.matched for each new match (its outcome and item filled
-- in here, where they are known), and every checked message marked. A contact opting out meanwhile
-- is waited for and then gets no reply; an automation deleted or disabled meanwhile matches nothing.
-- p_matches: [{automation_id, message_id, contact_id, keyword, outcome, item (or null), event}].
create or replace function public.crm_record_automation_matches(p_account_id text, p_checked uuid[],
  p_matches jsonb, p_pending text[])
returns jsonb
language plpgsql as $$
declare
  v_enqueued jsonb;
  v_events jsonb;
begin
  create temp table _matches on commit drop as
    select x.*, e.ord from jsonb_array_elements(p_matches) with ordinality as e(value, ord)
    cross join lateral jsonb_to_record(e.value) as x(automation_id uuid, message_id uuid, contact_id uuid,
      keyword text, outcome text, item jsonb, event jsonb)
    where exists (select 1 from public.automations a where a.id = x.automation_id and a.account_id = p_account_id and a.enabled)
      and exists (select 1 from public.messages m where m.id = x.message_id);

  perform 1 from public.contacts where id in (select contact_id from _matches where item is not null) order by id for share;
  update _matches t set outcome = 'opted_out', item = null
    from public.contacts k where k.id = t.contact_id and k.opted_out and t.item is not null;

  v_enqueued := public.crm_enqueue_outreach(p_account_id,
    (select coalesce(jsonb_agg(item order by ord), '[]'::jsonb) from _matches where item is not null), p_pending);
  update _matches t set outcome = 'already_replied', item = null
    where t.item is not null and not exists (
      select 1 from jsonb_array_elements(v_enqueued -> 'items') i
      where i.value -> 'item' ->> 'id' = t.item ->> 'id' and (i.value ->> 'created')::boolean);

  with ins as (
    insert into public.automation_matches (automation_id, message_id, account_id, contact_id, keyword, outcome, item_id)
    select automation_id, message_id, p_account_id, contact_id, keyword, outcome, (item ->> 'id')::uuid
    from _matches order by ord
    on conflict (automation_id, message_id) do nothing
    returning automation_id, message_id)
  select coalesce(jsonb_agg(jsonb_build_object('type', 'automation.matched', 'entity_type', 'contact',
      'entity_id', t.contact_id, 'payload', t.event || jsonb_build_object('outcome', t.outcome, 'item_id', t.item ->> 'id'))
      order by t.ord), '[]'::jsonb)
    into v_events
    from ins join _matches t on t.automation_id = ins.automation_id and t.message_id = ins.message_id;
  perform public.crm_emit_outbox_events(p_account_id, v_events);

  update public.messages set keywords_checked = true where id = any (p_checked) and not keywords_checked;
  drop table _matches;
  return jsonb_build_object('matched', jsonb_array_length(v_events),
    'queued', (select count(*) from jsonb_array_elements(v_enqueued -> 'items') i where (i.value ->> 'created')::boolean));
end
$$;

-- An account's automations (or one), each with what it did: messages matched, replies queued,
-- replies sent (their items in p_sent), matches that queued nothing.
create or replace function public.crm_automations(p_account_id text, p_id uuid, p_sent text[])
returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(to_jsonb(a) || jsonb_build_object('stats', jsonb_build_object(
      'matched', (select count(*) from public.automation_matches m where m.automation_id = a.id),
      'queued', (select count(*) from public.automation_matches m where m.automation_id = a.id and m.item_id is not null),
      'sent', (select count(*) from public.automation_matches m join public.outreach_items o on o.id = m.item_id
               where m.automation_id = a.id and o.status = any (p_sent)),
      'skipped', (select count(*) from public.automation_matches m where m.automation_id = a.id and m.item_id is null)))
    order by a.created_at, a.id), '[]'::jsonb)
  from public.automations a
  where (p_account_id is null or a.account_id = p_account_id) and (p_id is null or a.id = p_id);
$$;

-- Deleting an automation takes back its replies still waiting (p_from → p_to, with history), then
-- the automation and its matches; sent replies stay in the ledger.
create or replace function public.crm_delete_automation(p_id uuid, p_campaign text, p_from text[], p_to text, p_by text)
returns jsonb
language plpgsql as $$
declare
  v_account text;
  v_cancelled integer;
begin
  delete from public.automations where id = p_id returning account_id into v_account;
  if v_account is null then
    return null;
  end if;
  with cancelled as (
    update public.outreach_items set status = p_to, last_error = 'automation_deleted'
    where account_id = v_account and campaign = p_campaign and status = any (p_from)
    returning id),
  history as (
    insert into public.outreach_item_events (item_id, status, detail)
    select id, p_to, jsonb_strip_nulls(jsonb_build_object('reason', 'automation_deleted', 'by', p_by)) from cancelled
    returning 1)
  select count(*) into v_cancelled from history;
  return jsonb_build_object('account_id', v_account, 'cancelled', v_cancelled);
end
$$;

revoke execute on function public.crm_unchecked_messages(text, integer) from public, anon, authenticated;
revoke execute on function public.crm_record_automation_matches(text, uuid[], jsonb, text[]) from public, anon, authenticated;
revoke execute on function public.crm_automations(text, uuid, text[]) from public, anon, authenticated;
revoke execute on function public.crm_delete_automation(uuid, text, text[], text, text) from public, anon, authenticated;
