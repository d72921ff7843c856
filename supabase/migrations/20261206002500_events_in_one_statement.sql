-- Events (as 20261206000100) in one statement instead of one crm_emit_event call each: a rescore
-- page's ~40 score events were 40 upserts and 40 inserts, each planned and run on its own.
-- The guarantees are crm_emit_event's: seq follows the array's order; each entity's events take
-- the next entity_seq numbers in that order, continuing its earlier ones; the entity's counter row
-- is locked by the upsert, so concurrent writers of one entity get consecutive numbers. The
-- counters are upserted in key order, so two writers of the same entities cannot deadlock.
create or replace function public.crm_emit_outbox_events(p_account_id text, p_events jsonb)
returns void
language plpgsql
as $$
begin
  with e as (
    select v ->> 'type' as type, v ->> 'entity_type' as entity_type, v ->> 'entity_id' as entity_id,
      v -> 'payload' as payload, ord,
      row_number() over (partition by v ->> 'entity_type', v ->> 'entity_id' order by ord) as nth,
      count(*) over (partition by v ->> 'entity_type', v ->> 'entity_id') as n
    from jsonb_array_elements(coalesce(p_events, '[]'::jsonb)) with ordinality as a(v, ord)),
  q as (
    insert into public.outbox_entity_sequences as s (entity_type, entity_id, last_seq)
    select distinct entity_type, entity_id, n from e order by entity_type, entity_id
    on conflict (entity_type, entity_id) do update set last_seq = s.last_seq + excluded.last_seq
    returning entity_type, entity_id, last_seq)
  insert into public.event_outbox (account_id, type, entity_type, entity_id, entity_seq, payload)
  select p_account_id, e.type, e.entity_type, e.entity_id, q.last_seq - e.n + e.nth, e.payload
  from e join q using (entity_type, entity_id) order by e.ord;
end;
$$;
revoke execute on function public.crm_emit_outbox_events(text, jsonb) from public, anon, authenticated;
