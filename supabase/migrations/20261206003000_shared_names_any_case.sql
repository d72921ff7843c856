-- Opening a thread by name clicks the first row showing that name (the later server compares the
-- row's text, lowercased, with the handle or the shown name), and its listings show a display name
-- one time and the handle the next. A claimed thread's name was "shared" only if another stored
-- conversation was last listed under it, same case: a person with the same display name who was last
-- listed by handle was missed, and opening the name could read that person's thread into this
-- contact. Now the name is shared when another conversation of the account could be the row it
-- clicks: listed under that name, or its contact was ever seen with that display name or handle
-- (contact_aliases, which every writer of contacts fills; names compared by display key), in any case.
-- What to do with a shared name stays in TypeScript (thread-reading.ts, nameToOpen).
create index if not exists conversations_listing_name_lower_idx on public.conversations (account_id, lower(listing_name));

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
          and lower(o.listing_name) = lower(cl.listing_name) and o.id <> cl.id)
        or exists (select 1 from public.contact_aliases a join public.conversations o on o.contact_id = a.contact_id
          where a.account_id = p_account_id and a.contact_id <> cl.contact_id
            and ((a.kind = 'name' and a.value = public.crm_display_key(cl.listing_name))
              or (a.kind = 'handle' and a.value = lower(cl.listing_name)))),
      'username', k.username, 'displayName', k.display_name, 'contact', to_jsonb(k),
      'messageCount', cl.message_count, 'readBefore', cl.last_read_at is not null,
      'tail', coalesce((select jsonb_agg(jsonb_build_object('position', t.position, 'text', t.message_text,
                'isOutbound', t.is_outbound) order by t.position)
              from (select position, message_text, is_outbound from public.messages m
                    where m.conversation_id = cl.id order by position desc limit p_tail) t), '[]'::jsonb))
      order by cl.id), '[]'::jsonb)
    into v_result from claimed cl join public.contacts k on k.id = cl.contact_id;
  return v_result;
end
$$;
