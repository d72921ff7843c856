-- A send's facts (as 20261206000800), plus when an earlier DM to the same contact was settled with
-- an outcome in p_doubt_outcomes (UNVERIFIED_RECIPIENT: sent, but not provably to this handle) and a
-- status in p_doubt_statuses. Which outcomes and statuses, and what the sender does with the fact
-- (send-rules.ts, recipientInDoubt), are TypeScript's.
drop function if exists public.crm_outreach_send_facts(uuid, text[]);
create or replace function public.crm_outreach_send_facts(p_item_id uuid, p_counting text[],
  p_doubt_statuses text[], p_doubt_outcomes text[])
returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'item', to_jsonb(o),
    'contact', jsonb_build_object('id', c.id, 'username', c.username, 'display_name', c.display_name,
      'opted_out', c.opted_out, 'total_messages_received', c.total_messages_received),
    'last_inbound_at', (select max(observed_at) from public.messages m where m.contact_id = o.contact_id and not m.is_outbound),
    'same_text_sent_at', (select max(coalesce(x.sent_at, x.last_attempt_at)) from public.outreach_items x
                          where x.contact_id = o.contact_id and x.text_key = o.text_key and x.id <> o.id and x.status = any (p_counting)),
    'recipient_doubt_at', (select max(x.updated_at) from public.outreach_items x
                           where x.contact_id = o.contact_id and x.id <> o.id
                             and x.status = any (p_doubt_statuses) and x.outcome = any (p_doubt_outcomes)))
  from public.outreach_items o join public.contacts c on c.id = o.contact_id
  where o.id = p_item_id
$$;
revoke execute on function public.crm_outreach_send_facts(uuid, text[], text[], text[]) from public, anon, authenticated;
