-- Inbox sync, step 1: store one inbox listing. Rows arrive already matched to known contacts
-- (contact_id) or marked new. Only what changed is written: an unchanged inbox writes nothing.
-- A conversation whose listing changed (or that was never read) is queued for reading. Set-based:
-- a 2,000-conversation listing costs a handful of statements, not thousands.

-- Many events of one type at once. Items: [{entity_id, payload}] in order; one entity may appear
-- several times and gets consecutive entity_seq numbers, continuing its earlier ones.
create or replace function public.crm_emit_events(p_account_id text, p_type text, p_entity_type text, p_items jsonb)
returns integer
language plpgsql as $$
declare
  v_count integer;
begin
  with items as (
    select e.value ->> 'entity_id' as entity_id, e.value -> 'payload' as payload, e.ord
    from jsonb_array_elements(coalesce(p_items, '[]'::jsonb)) with ordinality as e(value, ord)),
  counts as (select entity_id, count(*)::integer as n from items group by entity_id),
  seqs as (
    insert into public.outbox_entity_sequences as s (entity_type, entity_id, last_seq)
    select p_entity_type, entity_id, n from counts
    on conflict (entity_type, entity_id) do update set last_seq = s.last_seq + excluded.last_seq
    returning entity_id, last_seq),
  numbered as (
    select i.entity_id, i.payload, i.ord,
      q.last_seq - c.n + (row_number() over (partition by i.entity_id order by i.ord))::integer as entity_seq
    from items i join counts c using (entity_id) join seqs q using (entity_id)),
  ins as (
    insert into public.event_outbox (account_id, type, entity_type, entity_id, entity_seq, payload)
    select p_account_id, p_type, p_entity_type, entity_id, entity_seq, payload from numbered order by ord
    returning 1)
  select count(*) into v_count from ins;
  return v_count;
end
$$;
revoke execute on function public.crm_emit_events(text, text, text, jsonb) from public, anon, authenticated;

create or replace function public.crm_sync_inbox(p_account_id text, p_rows jsonb)
returns jsonb
language plpgsql as $$
declare
  n_found integer;
  n_created integer;
  n_updated integer;
  n_conv_created integer;
  n_conv_updated integer;
  n_queued integer;
begin
  create temp table _listing on commit drop as
    select row_number() over () as n, x.*, x.contact_id is null as is_new,
      null::text as old_thread_id, null::text as old_display_name
    from jsonb_to_recordset(p_rows) as x(contact_id uuid, username text, display_name text, thread_id text,
      listing_name text, tab text, preview text, preview_is_outbound boolean, unread_count integer);
  get diagnostics n_found = row_count;

  -- A handle created since the caller read its contacts is that contact, not a new one.
  update _listing l set contact_id = c.id, is_new = false from public.contacts c
    where l.is_new and l.username is not null and c.account_id = p_account_id and c.username = l.username;
  update _listing set contact_id = gen_random_uuid() where is_new;
  insert into public.contacts (id, account_id, username, display_name, thread_id)
    select contact_id, p_account_id, username, display_name, thread_id from _listing where is_new order by n;
  get diagnostics n_created = row_count;
  perform public.crm_emit_events(p_account_id, 'contact.created', 'contact', (
    select jsonb_agg(jsonb_build_object('entity_id', c.id::text, 'payload',
      jsonb_build_object('contact', public.crm_contact_summary(c))) order by l.n)
    from _listing l join public.contacts c on c.id = l.contact_id where l.is_new));

  -- A known contact may teach us its thread id or display name; never overwrite what we had.
  update _listing l set old_thread_id = c.thread_id, old_display_name = c.display_name
    from public.contacts c where not l.is_new and c.id = l.contact_id;
  update public.contacts c set thread_id = coalesce(c.thread_id, l.thread_id), display_name = coalesce(c.display_name, l.display_name)
    from _listing l
    where not l.is_new and c.id = l.contact_id
      and ((c.thread_id is null and l.thread_id is not null) or (c.display_name is null and l.display_name is not null));
  get diagnostics n_updated = row_count;
  perform public.crm_emit_events(p_account_id, 'contact.updated', 'contact', (
    select jsonb_agg(jsonb_build_object('entity_id', c.id::text, 'payload', jsonb_build_object(
      'contact', public.crm_contact_summary(c),
      'changes', jsonb_strip_nulls(jsonb_build_object(
        'thread_id', case when l.old_thread_id is null then c.thread_id end,
        'display_name', case when l.old_display_name is null then c.display_name end)))) order by l.n)
    from _listing l join public.contacts c on c.id = l.contact_id
    where not l.is_new and ((l.old_thread_id is null and c.thread_id is not null)
      or (l.old_display_name is null and c.display_name is not null))));

  insert into public.conversations (account_id, contact_id, thread_id, tab, listing_name,
      last_message_preview, last_message_is_outbound, unread_count, needs_read)
    select p_account_id, l.contact_id, l.thread_id, coalesce(l.tab, 'primary'), l.listing_name,
      l.preview, l.preview_is_outbound, coalesce(l.unread_count, 0), true
    from _listing l
    where not exists (select 1 from public.conversations c where c.contact_id = l.contact_id)
    order by l.n
    on conflict (contact_id) do nothing;
  get diagnostics n_conv_created = row_count;

  -- A null in a row means "not shown in this listing": it never erases what we know. A read is
  -- queued when the last message may have changed; an identical preview with an unchanged unread
  -- count cannot tell a new "ok" from the old one (a known limit of reading listings).
  update public.conversations c set
      last_message_preview = coalesce(l.preview, c.last_message_preview),
      last_message_is_outbound = coalesce(l.preview_is_outbound, c.last_message_is_outbound),
      tab = coalesce(l.tab, c.tab),
      unread_count = coalesce(l.unread_count, c.unread_count),
      listing_name = coalesce(l.listing_name, c.listing_name),
      thread_id = coalesce(c.thread_id, l.thread_id),
      needs_read = c.needs_read or c.last_read_at is null
        or c.last_message_preview is distinct from coalesce(l.preview, c.last_message_preview)
        or c.last_message_is_outbound is distinct from coalesce(l.preview_is_outbound, c.last_message_is_outbound)
        or c.unread_count is distinct from coalesce(l.unread_count, c.unread_count)
    from _listing l
    where c.contact_id = l.contact_id and (
      c.last_message_preview is distinct from coalesce(l.preview, c.last_message_preview)
      or c.last_message_is_outbound is distinct from coalesce(l.preview_is_outbound, c.last_message_is_outbound)
      or c.tab is distinct from coalesce(l.tab, c.tab)
      or c.unread_count is distinct from coalesce(l.unread_count, c.unread_count)
      or c.listing_name is distinct from coalesce(l.listing_name, c.listing_name)
      or (c.thread_id is null and l.thread_id is not null));
  get diagnostics n_conv_updated = row_count;

  select count(*) into n_queued from public.conversations where account_id = p_account_id and needs_read;
  drop table _listing;
  return jsonb_build_object('found', n_found, 'contactsCreated', n_created, 'contactsUpdated', n_updated,
    'conversationsCreated', n_conv_created, 'conversationsUpdated', n_conv_updated, 'queued', n_queued);
end
$$;

-- Inbox sync, step 2: a batch reader claims queued conversations. The claim token is the
-- reader's (workflow id + batch number), so a retried batch gets its own rows back, and a claim
-- left by a crashed reader expires. Each claimed conversation comes with its stored tail, the
-- contact row (to score without another request), and whether another conversation is listed under
-- the same name (then that name cannot safely open this thread).
create or replace function public.crm_claim_threads(p_account_id text, p_token text, p_limit integer,
  p_tail integer, p_contact_ids uuid[] default null, p_claim_ttl_seconds integer default 900)
returns jsonb
language plpgsql as $$
declare
  v_result jsonb;
begin
  with picked as (
    select id from public.conversations
    where account_id = p_account_id and needs_read
      and (p_contact_ids is null or contact_id = any (p_contact_ids))
      and (read_claim is null or read_claim = p_token
           or read_claimed_at < now() - make_interval(secs => p_claim_ttl_seconds))
    order by (read_claim = p_token) desc nulls last, id
    limit p_limit
    for update skip locked),
  claimed as (
    update public.conversations c set read_claim = p_token, read_claimed_at = now()
    from picked where c.id = picked.id
    returning c.id, c.contact_id, c.listing_name, c.message_count)
  select coalesce(jsonb_agg(jsonb_build_object(
      'conversationId', cl.id, 'contactId', cl.contact_id, 'listingName', cl.listing_name,
      'listingNameShared', exists (select 1 from public.conversations o where o.account_id = p_account_id
        and o.listing_name = cl.listing_name and o.id <> cl.id),
      'username', k.username, 'displayName', k.display_name, 'contact', to_jsonb(k),
      'messageCount', cl.message_count,
      'tail', coalesce((select jsonb_agg(jsonb_build_object('position', t.position, 'text', t.message_text,
                'isOutbound', t.is_outbound) order by t.position)
              from (select position, message_text, is_outbound from public.messages m
                    where m.conversation_id = cl.id order by position desc limit p_tail) t), '[]'::jsonb))
      order by cl.id), '[]'::jsonb)
    into v_result from claimed cl join public.contacts k on k.id = cl.contact_id;
  return v_result;
end
$$;

revoke execute on function public.crm_sync_inbox(text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_claim_threads(text, text, integer, integer, uuid[], integer) from public, anon, authenticated;
