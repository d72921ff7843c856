-- The identity step of a sync, and merging. Which rows are one person is decided in TypeScript
-- (src/domain/identity-evidence.ts); these functions only read candidates and write decisions.

-- Contacts a listing could concern: by any thread id, handle or display name they were ever seen
-- with, or (for the last-message evidence) by their conversation's preview. One jsonb array,
-- since PostgREST cuts a function's rows at max-rows.
create or replace function public.crm_identity_candidates(p_account_id text, p_thread_ids text[],
  p_handles text[], p_display_keys text[], p_previews text[])
returns jsonb
language sql stable as $$
  with ids as (
    select a.contact_id as id from public.contact_aliases a
    where a.account_id = p_account_id and ((a.kind = 'thread' and a.value = any (p_thread_ids))
      or (a.kind = 'handle' and a.value = any (p_handles)) or (a.kind = 'name' and a.value = any (p_display_keys)))
    union
    select v.contact_id from public.conversations v
    where cardinality(p_previews) > 0 and v.account_id = p_account_id and v.last_message_preview = any (p_previews)
    union
    select c.id from public.contacts c join public.profile_lookups p
      on p.account_id = c.account_id and p.handle = c.username
    where c.account_id = p_account_id and public.crm_display_key(p.full_name) = any (p_display_keys)),
  aliases as (
    select a.contact_id,
      coalesce(jsonb_agg(a.value order by a.value) filter (where a.kind = 'thread'), '[]') as thread_ids,
      coalesce(jsonb_agg(a.value order by a.value) filter (where a.kind = 'handle'), '[]') as handles,
      coalesce(jsonb_agg(a.value order by a.value) filter (where a.kind = 'name'), '[]') as names
    from public.contact_aliases a join ids on ids.id = a.contact_id group by a.contact_id)
  select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'username', c.username, 'display_name', c.display_name,
      'thread_id', c.thread_id, 'thread_ids', coalesce(al.thread_ids, '[]'), 'handles', coalesce(al.handles, '[]'),
      'names', coalesce(al.names, '[]'), 'preview', v.last_message_preview, 'preview_is_outbound', v.last_message_is_outbound,
      'profile_name', p.full_name, 'profile_checked', p.handle is not null) order by c.id), '[]'::jsonb)
  from ids join public.contacts c on c.id = ids.id and c.account_id = p_account_id
  left join aliases al on al.contact_id = c.id
  left join public.conversations v on v.contact_id = c.id
  left join public.profile_lookups p on p.account_id = c.account_id and p.handle = c.username
$$;

-- contact.updated for what the identity step changed, in one shape: the contact as it is now,
-- what changed, and the evidence. Called after the update, so it reads the new values.
create or replace function public.crm_emit_identity_updates(p_account_id text, p_items jsonb)
returns integer
language sql as $$
  select public.crm_emit_events(p_account_id, 'contact.updated', 'contact', coalesce(jsonb_agg(jsonb_build_object(
      'entity_id', c.id::text, 'payload', jsonb_build_object('contact', jsonb_build_object('id', c.id, 'username', c.username,
        'display_name', c.display_name, 'thread_id', c.thread_id), 'changes', x.changes)
        || case when x.evidence is null then '{}'::jsonb else jsonb_build_object('evidence', x.evidence) end) order by c.id), '[]'::jsonb))
  from jsonb_to_recordset(coalesce(p_items, '[]'::jsonb)) as x(contact_id uuid, changes jsonb, evidence text)
  join public.contacts c on c.id = x.contact_id and c.account_id = p_account_id
$$;

-- A contact learns its handle or thread id (the evidence said which). Skipped when another
-- contact holds it: that is a merge, decided by the caller, not an update.
create or replace function public.crm_attach_identities(p_account_id text, p_items jsonb)
returns integer
language plpgsql as $$
declare
  v_changed jsonb;
begin
  with a as (select * from jsonb_to_recordset(p_items) as x(contact_id uuid, username text, thread_id text, evidence text)),
  upd as (
    update public.contacts c set username = coalesce(c.username, a.username), thread_id = coalesce(c.thread_id, a.thread_id)
    from a
    where c.id = a.contact_id and c.account_id = p_account_id
      and ((c.username is null and a.username is not null and not exists (select 1 from public.contact_aliases o
              where o.account_id = p_account_id and o.kind = 'handle' and o.value = a.username and o.contact_id <> c.id)
            and not exists (select 1 from public.contacts o where o.account_id = p_account_id and o.username = a.username))
        or (c.thread_id is null and a.thread_id is not null and not exists (select 1 from public.contact_aliases o
              where o.account_id = p_account_id and o.kind = 'thread' and o.value = a.thread_id and o.contact_id <> c.id)
            and not exists (select 1 from public.contacts o where o.account_id = p_account_id and o.thread_id = a.thread_id)))
    returning c.id, a.username as learned_username, a.thread_id as learned_thread_id, a.evidence)
  select jsonb_agg(jsonb_build_object('contact_id', id, 'evidence', evidence,
      'changes', jsonb_strip_nulls(jsonb_build_object('username', learned_username, 'thread_id', learned_thread_id))))
    into v_changed from upd;
  return public.crm_emit_identity_updates(p_account_id, v_changed);
end
$$;

-- What profile lookups answered, remembered so a handle is looked up once; a handle contact
-- without a display name takes the profile's full name.
create or replace function public.crm_remember_profiles(p_account_id text, p_items jsonb)
returns integer
language plpgsql as $$
declare
  v_changed jsonb;
begin
  insert into public.profile_lookups as p (account_id, handle, found, full_name)
    select p_account_id, x.handle, x.found, nullif(btrim(x.full_name), '')
    from jsonb_to_recordset(p_items) as x(handle text, found boolean, full_name text)
  on conflict (account_id, handle) do update set found = excluded.found, full_name = excluded.full_name, looked_up_at = now();
  with upd as (
    update public.contacts c set display_name = p.full_name from public.profile_lookups p
    where p.account_id = p_account_id and c.account_id = p_account_id and c.username = p.handle
      and c.display_name is null and p.full_name is not null
      and p.handle in (select x.handle from jsonb_to_recordset(p_items) as x(handle text))
    returning c.id, c.display_name)
  select jsonb_agg(jsonb_build_object('contact_id', id, 'evidence', 'profile', 'changes', jsonb_build_object('display_name', display_name)))
    into v_changed from upd;
  return public.crm_emit_identity_updates(p_account_id, v_changed);
end
$$;

-- Pairs the evidence points to but cannot settle; noting one again writes nothing.
create or replace function public.crm_note_suspects(p_account_id text, p_items jsonb)
returns integer
language sql as $$
  with ins as (
    insert into public.contact_duplicate_suspects (account_id, contact_id, other_id, reason, detail)
    select p_account_id, least(x.a, x.b), greatest(x.a, x.b), x.reason, coalesce(x.detail, '{}'::jsonb)
    from jsonb_to_recordset(p_items) as x(a uuid, b uuid, reason text, detail jsonb)
    join public.contacts ca on ca.id = x.a and ca.account_id = p_account_id
    join public.contacts cb on cb.id = x.b and cb.account_id = p_account_id
    where x.a <> x.b
    on conflict do nothing
    returning 1)
  select count(*)::integer from ins
$$;

-- Both contacts' messages (oldest first) with their counts, for planning a merge in TypeScript.
create or replace function public.crm_merge_inputs(p_account_id text, p_contact_ids uuid[])
returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('contact', to_jsonb(c), 'conversation_id', v.id,
      'message_count', coalesce(v.message_count, 0),
      'messages', (select coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'position', m.position,
          'text', m.message_text, 'is_outbound', m.is_outbound) order by m.position), '[]')
        from public.messages m where m.conversation_id = v.id))), '[]'::jsonb)
  from public.contacts c left join public.conversations v on v.contact_id = c.id
  where c.account_id = p_account_id and c.id = any (p_contact_ids)
$$;

revoke execute on function public.crm_identity_candidates(text, text[], text[], text[], text[]) from public, anon, authenticated;
revoke execute on function public.crm_emit_identity_updates(text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_attach_identities(text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_remember_profiles(text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_note_suspects(text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_merge_inputs(text, uuid[]) from public, anon, authenticated;
