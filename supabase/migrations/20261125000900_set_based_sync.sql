-- Set-based versions of the sync functions: one statement per step instead of one per listing
-- row or per event, so a 2,000-conversation inbox costs a handful of statements, not thousands.
-- Also: claims say when two conversations share a listed name, and carry the contact row so the
-- reader can score without another request; applying reads records those scores in the same
-- transaction.

create index if not exists conversations_listing_name_idx on public.conversations (account_id, listing_name);

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

-- Inbox sync, step 1 (set-based): store one listing; only what changed is written; conversations
-- whose listing changed (or never read) are queued. Rows arrive matched to known contacts
-- (contact_id) or marked new (contact_id null).
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

-- Inbox sync, step 2 (v2): as before, plus whether another conversation is listed under the same
-- name (then the name cannot safely open this thread) and the contact row, for scoring.
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
    returning c.id, c.contact_id, c.listing_name, c.message_count, c.last_read_at)
  select coalesce(jsonb_agg(jsonb_build_object(
      'conversationId', cl.id, 'contactId', cl.contact_id, 'listingName', cl.listing_name,
      'listingNameShared', exists (select 1 from public.conversations o where o.account_id = p_account_id
        and o.listing_name = cl.listing_name and o.id <> cl.id),
      'username', k.username, 'displayName', k.display_name, 'contact', to_jsonb(k),
      'messageCount', cl.message_count, 'everRead', cl.last_read_at is not null,
      'tail', coalesce((select jsonb_agg(jsonb_build_object('position', t.position, 'text', t.message_text,
                'isOutbound', t.is_outbound) order by t.position)
              from (select position, message_text, is_outbound from public.messages m
                    where m.conversation_id = cl.id order by position desc limit p_tail) t), '[]'::jsonb))
      order by cl.id), '[]'::jsonb)
    into v_result from claimed cl join public.contacts k on k.id = cl.contact_id;
  return v_result;
end
$$;

-- Scores (v2): as before, with the history rows and events written set-based.
create or replace function public.crm_record_scores(p_account_id text, p_scores jsonb, p_reason text)
returns jsonb
language plpgsql as $$
declare
  n_updated integer;
  n_changed integer;
begin
  create temp table _scores on commit drop as
    select s.*, c.relationship_score as previous
    from jsonb_to_recordset(p_scores) as s(contact_id uuid, score smallint, components jsonb, resonance smallint)
    join public.contacts c on c.id = s.contact_id and c.account_id = p_account_id
    where c.relationship_score is distinct from s.score or c.score_components is distinct from s.components
      or c.resonance is distinct from s.resonance;
  update public.contacts c set relationship_score = s.score, score_components = s.components,
      resonance = s.resonance, scored_at = now()
    from _scores s where c.id = s.contact_id;
  get diagnostics n_updated = row_count;
  insert into public.score_history (contact_id, score, previous_score, components, reason)
    select contact_id, score, previous, components, p_reason from _scores
    where previous is distinct from score order by contact_id;
  get diagnostics n_changed = row_count;
  perform public.crm_emit_events(p_account_id, 'contact.score_changed', 'contact', (
    select jsonb_agg(jsonb_build_object('entity_id', c.id::text, 'payload', jsonb_build_object(
      'contact', jsonb_build_object('id', c.id, 'username', c.username, 'display_name', c.display_name),
      'old_score', s.previous, 'new_score', s.score, 'change', s.score - coalesce(s.previous, 0),
      'components', s.components, 'reason', p_reason)) order by c.id)
    from _scores s join public.contacts c on c.id = s.contact_id where s.previous is distinct from s.score));
  drop table _scores;
  return jsonb_build_object('updated', n_updated, 'scoreChanged', n_changed);
end
$$;

-- Inbox sync, step 3 (v2): as before (see 20261125000600), with message.received events written
-- set-based, and the scores the reader computed for the grown threads recorded in the same
-- transaction — only for the conversations that were actually applied.
drop function if exists public.crm_apply_thread_reads(text, text, jsonb);
create or replace function public.crm_apply_thread_reads(p_account_id text, p_token text, p_reads jsonb,
  p_scores jsonb default '[]'::jsonb)
returns jsonb
language plpgsql as $$
declare
  v_ok uuid[];
  v_seen uuid[];
  v_all uuid[];
  n_messages integer;
  n_events integer;
  n_failed integer;
  n_released integer;
  v_scored jsonb;
begin
  select coalesce(array_agg(conversation_id), '{}') into v_all
    from jsonb_to_recordset(p_reads) as x(conversation_id uuid);
  select coalesce(array_agg(id), '{}') into v_seen
    from public.conversations where id = any (v_all) and last_read_at is not null;

  with r as (select * from jsonb_to_recordset(p_reads) as x(conversation_id uuid, expected_count integer,
               messages jsonb, error text)),
  upd as (
    update public.conversations c set
      message_count = c.message_count + jsonb_array_length(r.messages),
      needs_read = false, read_claim = null, read_claimed_at = null,
      last_read_at = now(), last_read_error = null, last_synced_at = now()
    from r
    where c.id = r.conversation_id and c.account_id = p_account_id and r.error is null
      and c.read_claim = p_token and c.message_count = r.expected_count
    returning c.id)
  select coalesce(array_agg(id), '{}') into v_ok from upd;

  create temp table _new_messages on commit drop as
    with r as (select * from jsonb_to_recordset(p_reads) as x(conversation_id uuid, expected_count integer, messages jsonb))
    select c.id as conversation_id, c.contact_id, r.expected_count + m.ord::integer - 1 as position,
      m.value ->> 'text' as message_text, coalesce(m.value ->> 'message_type', 'text') as message_type,
      (m.value ->> 'is_outbound')::boolean as is_outbound, (m.value ->> 'sent_at')::timestamptz as sent_at
    from r join public.conversations c on c.id = r.conversation_id
    cross join lateral jsonb_array_elements(r.messages) with ordinality as m(value, ord)
    where c.id = any (v_ok);
  insert into public.messages (account_id, conversation_id, contact_id, position, message_text, message_type, is_outbound, sent_at)
    select p_account_id, conversation_id, contact_id, position, message_text, message_type, is_outbound, sent_at
    from _new_messages order by conversation_id, position;
  get diagnostics n_messages = row_count;

  update public.contacts k set
    total_messages_sent = k.total_messages_sent + t.sent,
    total_messages_received = k.total_messages_received + t.received,
    last_message_at = greatest(k.last_message_at, t.last_at)
  from (select contact_id, count(*) filter (where is_outbound) as sent, count(*) filter (where not is_outbound) as received,
               max(coalesce(sent_at, now())) as last_at
        from _new_messages group by contact_id) t
  where k.id = t.contact_id;

  n_events := public.crm_emit_events(p_account_id, 'message.received', 'contact', (
    select jsonb_agg(jsonb_build_object('entity_id', n.contact_id::text, 'payload', jsonb_build_object(
      'contact', public.crm_contact_summary(k), 'message', jsonb_build_object('conversation_id', n.conversation_id,
        'position', n.position, 'text', n.message_text, 'sent_at', n.sent_at, 'observed_at', now())))
      order by n.conversation_id, n.position)
    from _new_messages n join public.contacts k on k.id = n.contact_id
    where not n.is_outbound and n.conversation_id = any (v_seen)));
  drop table _new_messages;

  -- Threads the server would not open: unqueue them (with the reason) instead of retrying forever.
  with r as (select * from jsonb_to_recordset(p_reads) as x(conversation_id uuid, error text)),
  failed as (
    update public.conversations c set needs_read = false, read_claim = null, read_claimed_at = null,
      last_read_error = r.error
    from r where c.id = r.conversation_id and r.error is not null and c.read_claim = p_token
    returning c.id)
  select count(*) into n_failed from failed;

  with released as (
    update public.conversations set read_claim = null, read_claimed_at = null
    where id = any (v_all) and read_claim = p_token
    returning id)
  select count(*) into n_released from released;

  v_scored := public.crm_record_scores(p_account_id, (
    select coalesce(jsonb_agg(s.value), '[]'::jsonb) from jsonb_array_elements(p_scores) s
    join public.conversations c on c.contact_id = (s.value ->> 'contact_id')::uuid where c.id = any (v_ok)), 'sync');

  return jsonb_build_object('applied', to_jsonb(v_ok), 'messagesAdded', n_messages, 'eventsEmitted', n_events,
    'failed', n_failed, 'conflicts', n_released, 'scoreChanged', v_scored -> 'scoreChanged');
end
$$;

revoke execute on function public.crm_sync_inbox(text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_claim_threads(text, text, integer, integer, uuid[], integer) from public, anon, authenticated;
revoke execute on function public.crm_record_scores(text, jsonb, text) from public, anon, authenticated;
revoke execute on function public.crm_apply_thread_reads(text, text, jsonb, jsonb) from public, anon, authenticated;
