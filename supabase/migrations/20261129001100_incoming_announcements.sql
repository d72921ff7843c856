-- What MediaPoster announced to us, once per event however often it is sent: the key names the
-- event itself (event + video or post), because retries repeat the body under a new delivery id.
-- The outbox event is written in the same transaction as the announcement.
create table if not exists public.incoming_announcements (
  event_key text primary key check (char_length(event_key) <= 500),
  source text not null,
  event_id uuid,
  first_seen_at timestamptz not null default now(),
  times_seen integer not null default 1
);
alter table public.incoming_announcements enable row level security;

-- Answers {duplicate, event_id}: a repeat writes no event and only counts itself.
create or replace function public.crm_record_incoming(p_key text, p_source text, p_account_id text, p_type text, p_entity_type text, p_entity_id text, p_payload jsonb)
returns jsonb
language plpgsql as $$
declare
  v_inserted boolean;
  v_event uuid;
begin
  -- The key is claimed first: a second announcement sent at the same moment waits on it, then counts as a repeat.
  insert into public.incoming_announcements (event_key, source) values (p_key, p_source)
  on conflict (event_key) do update set times_seen = incoming_announcements.times_seen + 1
  returning (xmax = 0), event_id into v_inserted, v_event;
  if not v_inserted then
    return jsonb_build_object('duplicate', true, 'event_id', v_event);
  end if;
  v_event := public.crm_emit_event(p_account_id, p_type, p_entity_type, p_entity_id, p_payload);
  update public.incoming_announcements set event_id = v_event where event_key = p_key;
  return jsonb_build_object('duplicate', false, 'event_id', v_event);
end
$$;
revoke execute on function public.crm_record_incoming(text, text, text, text, text, text, jsonb) from public, anon, authenticated;
