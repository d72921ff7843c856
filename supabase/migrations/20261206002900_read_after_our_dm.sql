-- Our DM, stored as sent, becomes the conversation's last message, so the next listing shows just
-- what is stored and the thread was never read again: whatever the person wrote between the last
-- read and our send stayed unseen, a "stop" among it (the soak found one; opt-out-sync.test.ts
-- shows it). Storing our DM now queues the thread for the next read, which sees what came before
-- it (opt-out-changes.ts, optOutBeforeOurs). One thread read per DM sent; DMs are paced.
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
      last_message_is_outbound = true, needs_read = true where id = v_conversation;
    update public.contacts set total_messages_sent = total_messages_sent + 1,
      last_message_at = greatest(last_message_at, coalesce(v_item.sent_at, now())) where id = v_item.contact_id;
  end if;
  return jsonb_build_object('applied', true, 'item', to_jsonb(v_item));
end
$$;
revoke execute on function public.crm_outreach_transition(uuid, text[], text, text, jsonb, jsonb, jsonb, boolean) from public, anon, authenticated;
