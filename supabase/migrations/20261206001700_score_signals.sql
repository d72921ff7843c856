-- A score that listens (issue 24 §4): the valueDelivered and reliability components read
-- contacts.value_delivered_count, promises_made and promises_kept (20261125000100), which nothing
-- wrote until now. What counts as content and what a promise does to the score are decided in
-- TypeScript (src/domain/value-delivered.ts, src/domain/promises.ts, src/app/contacts/promises.ts);
-- SQL keeps the locked, compare-and-set writes.

-- A promise we made to a contact ("I'll send you the template"), and when we kept it. A merge keeps
-- the survivor's counters as src/domain/contact-merge.ts decides; the absorbed contact's rows go with it.
create table if not exists public.contact_promises (
  id uuid primary key default gen_random_uuid(),
  account_id text not null,
  contact_id uuid not null references public.contacts (id) on delete cascade,
  text text not null check (char_length(text) between 1 and 500),
  due date,
  made_at timestamptz not null default now(),
  kept_at timestamptz
);
create index if not exists contact_promises_contact_idx on public.contact_promises (contact_id, made_at desc, id);
alter table public.contact_promises enable row level security;

-- A promise made (p_made: {text, due, made_at}) or kept (p_kept_id, p_kept_at), the contact's counter
-- with it, and the score computed in TypeScript from the contact as read with the counter moved
-- (p_scores as crm_record_scores takes them: its contact.score_changed event written only if the
-- score moved), all in one transaction. The contact must still be as read (p_expected_at, its
-- updated_at), else 'changed' and nothing is written: the caller reads it again and recomputes.
create or replace function public.crm_record_promise(p_account_id text, p_contact_id uuid, p_expected_at timestamptz,
  p_made jsonb, p_kept_id uuid, p_kept_at timestamptz, p_scores jsonb, p_reason text)
returns jsonb
language plpgsql as $$
declare
  c public.contacts;
  p public.contact_promises;
  v_scored jsonb;
begin
  select * into c from public.contacts where id = p_contact_id and account_id = p_account_id for update;
  if c.id is null then return jsonb_build_object('status', 'not_found'); end if;
  if c.updated_at <> p_expected_at then return jsonb_build_object('status', 'changed'); end if;
  if p_made is not null then
    insert into public.contact_promises (account_id, contact_id, text, due, made_at)
      values (p_account_id, p_contact_id, p_made ->> 'text', (p_made ->> 'due')::date, (p_made ->> 'made_at')::timestamptz)
      returning * into p;
    update public.contacts set promises_made = promises_made + 1 where id = p_contact_id;
  else
    update public.contact_promises set kept_at = p_kept_at
      where id = p_kept_id and contact_id = p_contact_id and kept_at is null returning * into p;
    if p.id is null then return jsonb_build_object('status', 'changed'); end if;
    update public.contacts set promises_kept = promises_kept + 1 where id = p_contact_id;
  end if;
  v_scored := public.crm_record_scores(p_account_id, p_scores, p_reason);
  return jsonb_build_object('status', 'applied', 'promise', to_jsonb(p), 'scoreChanged', v_scored -> 'scoreChanged');
end
$$;
revoke execute on function public.crm_record_promise(text, uuid, timestamptz, jsonb, uuid, timestamptz, jsonb, text)
  from public, anon, authenticated;

-- Settling a DM that carries content (a video, a link): crm_outreach_transition as it is, and when the
-- move applies, p_value_delivered added to the contact's value_delivered_count in the same
-- transaction. A repeated settle finds the move already made and adds nothing: once per sent item.
create or replace function public.crm_outreach_transition_counted(p_item_id uuid, p_from text[], p_token text, p_to text,
  p_fields jsonb, p_note jsonb, p_events jsonb, p_store_message boolean, p_value_delivered integer)
returns jsonb
language plpgsql as $$
declare
  v_result jsonb;
begin
  v_result := public.crm_outreach_transition(p_item_id, p_from, p_token, p_to, p_fields, p_note, p_events, p_store_message);
  if (v_result ->> 'applied')::boolean and p_value_delivered > 0 then
    update public.contacts set value_delivered_count = value_delivered_count + p_value_delivered
      where id = (v_result -> 'item' ->> 'contact_id')::uuid;
  end if;
  return v_result;
end
$$;
revoke execute on function public.crm_outreach_transition_counted(uuid, text[], text, text, jsonb, jsonb, jsonb, boolean, integer)
  from public, anon, authenticated;
