-- Inbox sync, step 1: store one inbox listing. Rows arrive already matched to known contacts
-- (contact_id) or marked new. Only what changed is written: an unchanged inbox writes nothing.
-- A conversation whose listing changed (or that was never read) is queued for reading.

create or replace function public.crm_sync_inbox(p_account_id text, p_rows jsonb)
returns jsonb
language plpgsql as $$
declare
  r record;
  v_contact_id uuid;
  v_conv public.conversations;
  v_changes jsonb;
  n_found integer := 0;
  n_contacts_created integer := 0;
  n_contacts_updated integer := 0;
  n_conversations_created integer := 0;
  n_conversations_updated integer := 0;
  n_queued integer;
begin
  for r in select * from jsonb_to_recordset(p_rows) as x(
    contact_id uuid, username text, display_name text, thread_id text, listing_name text, tab text,
    preview text, preview_is_outbound boolean, unread_count integer)
  loop
    n_found := n_found + 1;
    v_contact_id := r.contact_id;
    if v_contact_id is null then
      insert into public.contacts (account_id, username, display_name, thread_id)
        values (p_account_id, r.username, r.display_name, r.thread_id)
        on conflict (account_id, username) do nothing
        returning id into v_contact_id;
      if v_contact_id is null then -- created meanwhile by someone else: use it
        select id into v_contact_id from public.contacts where account_id = p_account_id and username = r.username;
      else
        n_contacts_created := n_contacts_created + 1;
        perform public.crm_emit_event(p_account_id, 'contact.created', 'contact', v_contact_id::text,
          jsonb_build_object('contact', (select public.crm_contact_summary(c) from public.contacts c where c.id = v_contact_id)));
      end if;
    else
      -- A known contact may teach us its thread id or display name; never overwrite what we had.
      with before as (select thread_id, display_name from public.contacts where id = v_contact_id),
      upd as (
        update public.contacts c set thread_id = coalesce(c.thread_id, r.thread_id),
          display_name = coalesce(c.display_name, r.display_name)
        where c.id = v_contact_id
          and ((c.thread_id is null and r.thread_id is not null) or (c.display_name is null and r.display_name is not null))
        returning c.thread_id, c.display_name)
      select jsonb_strip_nulls(jsonb_build_object(
          'thread_id', case when upd.thread_id is distinct from before.thread_id then upd.thread_id end,
          'display_name', case when upd.display_name is distinct from before.display_name then upd.display_name end))
        into v_changes from upd, before;
      if v_changes is not null then
        n_contacts_updated := n_contacts_updated + 1;
        perform public.crm_emit_event(p_account_id, 'contact.updated', 'contact', v_contact_id::text,
          jsonb_build_object('contact', (select public.crm_contact_summary(c) from public.contacts c where c.id = v_contact_id),
            'changes', v_changes));
      end if;
    end if;

    select * into v_conv from public.conversations where contact_id = v_contact_id;
    if v_conv.id is null then
      insert into public.conversations (account_id, contact_id, thread_id, tab, listing_name,
          last_message_preview, last_message_is_outbound, unread_count, needs_read)
        values (p_account_id, v_contact_id, r.thread_id, coalesce(r.tab, 'primary'), r.listing_name,
          r.preview, r.preview_is_outbound, coalesce(r.unread_count, 0), true);
      n_conversations_created := n_conversations_created + 1;
    -- A null in the row means "not shown in this listing": it never erases what we know.
    elsif v_conv.last_message_preview is distinct from coalesce(r.preview, v_conv.last_message_preview)
       or v_conv.last_message_is_outbound is distinct from coalesce(r.preview_is_outbound, v_conv.last_message_is_outbound)
       or v_conv.tab is distinct from coalesce(r.tab, v_conv.tab)
       or v_conv.unread_count is distinct from coalesce(r.unread_count, v_conv.unread_count)
       or v_conv.listing_name is distinct from coalesce(r.listing_name, v_conv.listing_name)
       or (v_conv.thread_id is null and r.thread_id is not null) then
      update public.conversations set
        last_message_preview = coalesce(r.preview, last_message_preview),
        last_message_is_outbound = coalesce(r.preview_is_outbound, last_message_is_outbound),
        tab = coalesce(r.tab, tab),
        unread_count = coalesce(r.unread_count, unread_count),
        listing_name = coalesce(r.listing_name, listing_name),
        thread_id = coalesce(thread_id, r.thread_id),
        -- Queue a read when the last message may have changed; an identical preview with an
        -- unchanged unread count cannot tell a new "ok" from the old one (a known limit).
        needs_read = needs_read or last_read_at is null
          or last_message_preview is distinct from coalesce(r.preview, last_message_preview)
          or last_message_is_outbound is distinct from coalesce(r.preview_is_outbound, last_message_is_outbound)
          or unread_count is distinct from coalesce(r.unread_count, unread_count)
      where id = v_conv.id;
      n_conversations_updated := n_conversations_updated + 1;
    end if;
  end loop;

  select count(*) into n_queued from public.conversations where account_id = p_account_id and needs_read;
  return jsonb_build_object('found', n_found, 'contactsCreated', n_contacts_created,
    'contactsUpdated', n_contacts_updated, 'conversationsCreated', n_conversations_created,
    'conversationsUpdated', n_conversations_updated, 'queued', n_queued);
end
$$;

-- Inbox sync, step 2: a batch reader claims queued conversations. The claim token is the
-- reader's (workflow id + batch number), so a retried batch gets its own rows back, and a claim
-- left by a crashed reader expires. Each claimed conversation comes with its stored tail.
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
      'username', k.username, 'displayName', k.display_name,
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

revoke execute on function public.crm_sync_inbox(text, jsonb) from public, anon, authenticated;
revoke execute on function public.crm_claim_threads(text, text, integer, integer, uuid[], integer) from public, anon, authenticated;
