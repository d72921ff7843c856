-- Approvals you can edit and templates as data (issue 24 §2).
--
-- A template is an account's named DM text. Every text it has had is kept as a version, so the
-- ledger's (template_id, template_version) names the exact text that wrote a DM even after the
-- template is changed; a template is deleted softly (deleted_at) for the same reason. What a
-- template may say is checked in TypeScript (src/app/templates/); SQL keeps the version bump and
-- its version row in one write.

create table if not exists public.message_templates (
  id uuid primary key default gen_random_uuid(),
  account_id text not null references public.accounts (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  lane text,
  text text not null check (char_length(text) between 1 and 1000),
  version integer not null default 1 check (version >= 1),
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists message_templates_account_idx on public.message_templates (account_id, created_at, id)
  where deleted_at is null;
drop trigger if exists message_templates_touch_updated_at on public.message_templates;
create trigger message_templates_touch_updated_at before update on public.message_templates
  for each row execute function public.crm_touch_updated_at();
alter table public.message_templates enable row level security;

create table if not exists public.message_template_versions (
  template_id uuid not null references public.message_templates (id) on delete cascade,
  version integer not null,
  text text not null,
  created_at timestamptz not null default now(),
  primary key (template_id, version)
);
alter table public.message_template_versions enable row level security;

-- The ledger names a version that exists (its text can always be read back).
alter table public.outreach_items drop constraint if exists outreach_items_template_fk;
alter table public.outreach_items add constraint outreach_items_template_fk
  foreign key (template_id, template_version) references public.message_template_versions (template_id, version);

-- Creates (p_id null) or changes a live template; a change with a text is a new version, kept
-- beside the old ones. Null when there is no such live template.
create or replace function public.crm_save_template(p_account_id text, p_id uuid, p_fields jsonb)
returns jsonb
language plpgsql as $$
declare
  v public.message_templates;
begin
  if p_id is null then
    insert into public.message_templates (account_id, name, lane, text)
      values (p_account_id, p_fields ->> 'name', p_fields ->> 'lane', p_fields ->> 'text') returning * into v;
  else
    update public.message_templates t set
      name = coalesce(p_fields ->> 'name', t.name),
      lane = case when p_fields ? 'lane' then p_fields ->> 'lane' else t.lane end,
      text = coalesce(p_fields ->> 'text', t.text),
      version = t.version + case when p_fields ? 'text' then 1 else 0 end
    where t.id = p_id and t.account_id = p_account_id and t.deleted_at is null
    returning * into v;
    if not found then
      return null;
    end if;
  end if;
  insert into public.message_template_versions (template_id, version, text) values (v.id, v.version, v.text)
    on conflict (template_id, version) do nothing;
  return to_jsonb(v);
end
$$;

-- 20261206000800's move of one item, able to change its text too (an approval with an edit): the
-- new text and its key are written by the same guarded update as the status.
create or replace function public.crm_outreach_transition(p_item_id uuid, p_from text[], p_token text, p_to text,
  p_fields jsonb, p_note jsonb, p_events jsonb, p_store_message boolean)
returns jsonb
language plpgsql as $$
declare
  v_item public.outreach_items;
  v_conversation uuid;
  v_position integer;
  f jsonb := coalesce(p_fields, '{}'::jsonb);
begin
  update public.outreach_items o set
    status = p_to,
    attempt_token = case when f ? 'attempt_token' then f ->> 'attempt_token' else o.attempt_token end,
    attempts = o.attempts + coalesce((f ->> 'attempts_add')::integer, 0),
    soft_failures = o.soft_failures + coalesce((f ->> 'soft_failures_add')::integer, 0),
    last_attempt_at = case when f ? 'last_attempt_at' then (f ->> 'last_attempt_at')::timestamptz else o.last_attempt_at end,
    outcome = case when f ? 'outcome' then f ->> 'outcome' else o.outcome end,
    last_error = case when f ? 'last_error' then f ->> 'last_error' else o.last_error end,
    sent_at = case when f ? 'sent_at' then (f ->> 'sent_at')::timestamptz else o.sent_at end,
    approved_at = case when f ? 'approved_at' then (f ->> 'approved_at')::timestamptz else o.approved_at end,
    text = case when f ? 'text' then f ->> 'text' else o.text end,
    text_key = case when f ? 'text_key' then f ->> 'text_key' else o.text_key end
  where o.id = p_item_id and o.status = any (p_from) and (p_token is null or o.attempt_token = p_token)
  returning * into v_item;

  if not found then
    return jsonb_build_object('applied', false, 'item', (select to_jsonb(o) from public.outreach_items o where o.id = p_item_id));
  end if;

  insert into public.outreach_item_events (item_id, status, detail) values (v_item.id, p_to, coalesce(p_note, '{}'::jsonb));
  perform public.crm_emit_outbox_events(v_item.account_id, p_events);

  if p_store_message then
    insert into public.conversations (account_id, contact_id, listing_name) values (v_item.account_id, v_item.contact_id, v_item.username)
      on conflict (contact_id) do nothing;
    select id, message_count into v_conversation, v_position from public.conversations where contact_id = v_item.contact_id for update;
    insert into public.messages (account_id, conversation_id, contact_id, position, message_text, message_type, is_outbound,
      sent_by_automation, sent_at, outreach_item_id)
    values (v_item.account_id, v_conversation, v_item.contact_id, v_position, v_item.text, 'text', true, true, v_item.sent_at, v_item.id);
    update public.conversations set message_count = message_count + 1, last_message_preview = left(v_item.text, 100),
      last_message_is_outbound = true where id = v_conversation;
    update public.contacts set total_messages_sent = total_messages_sent + 1,
      last_message_at = greatest(last_message_at, coalesce(v_item.sent_at, now())) where id = v_item.contact_id;
  end if;
  return jsonb_build_object('applied', true, 'item', to_jsonb(v_item));
end
$$;

-- One decision on many items of an account (bulk approve / reject), set-based: each item in p_from
-- (and, when p_unapproved, not approved yet) moves once with its history row. Two calls racing on
-- one item: the second's update waits for the first, re-reads the row, finds it moved and skips it,
-- so an item is never approved twice. Answers the ids moved, and the items as they are afterwards
-- (a second statement: it sees what a racing call committed).
create or replace function public.crm_outreach_decide_many(p_account_id text, p_ids uuid[], p_from text[], p_to text,
  p_unapproved boolean, p_fields jsonb, p_note jsonb)
returns jsonb
language plpgsql as $$
declare
  v_moved uuid[];
begin
  with moved as (
    update public.outreach_items o set status = p_to,
      approved_at = case when p_fields ? 'approved_at' then (p_fields ->> 'approved_at')::timestamptz else o.approved_at end
    where o.account_id = p_account_id and o.id = any (p_ids) and o.status = any (p_from)
      and (not p_unapproved or o.approved_at is null)
    returning o.id),
  noted as (
    insert into public.outreach_item_events (item_id, status, detail) select m.id, p_to, p_note from moved m)
  select coalesce(array_agg(id), '{}') into v_moved from moved;
  return jsonb_build_object('moved', to_jsonb(v_moved), 'found', (
    select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'status', o.status, 'approved', o.approved_at is not null)), '[]'::jsonb)
    from public.outreach_items o where o.account_id = p_account_id and o.id = any (p_ids)));
end
$$;

revoke execute on function public.crm_save_template(text, uuid, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_outreach_transition(uuid, text[], text, text, jsonb, jsonb, jsonb, boolean) from public, anon, authenticated;
revoke execute on function public.crm_outreach_decide_many(text, uuid[], text[], text, boolean, jsonb, jsonb) from public, anon, authenticated;
