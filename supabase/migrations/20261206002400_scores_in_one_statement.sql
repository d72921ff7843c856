-- Scores (as 20261206000900) in one statement, without the temporary table (a create and a drop
-- in the catalogue on every call, and a second pass over the scores).
-- An item may carry expected_at (the contact's updated_at as read, the rescore's compare-and-set):
-- if the contact changed since, that score is not written, so a stale score never overwrites a
-- change made meanwhile (whoever changed it scored it, or the next rescore will). With it, the row
-- written is the row read, so the replaced score is the one read; without it, as before.
create or replace function public.crm_record_scores(p_account_id text, p_scores jsonb, p_reason text)
returns jsonb
language plpgsql as $$
declare
  v_counts jsonb;
  v_events jsonb;
begin
  with u as (
    update public.contacts c set relationship_score = s.score, score_components = s.components, resonance = s.resonance, scored_at = now()
      from jsonb_to_recordset(p_scores) as s(contact_id uuid, score smallint, components jsonb, resonance smallint,
        event jsonb, expected_at timestamptz), public.contacts p
      where c.id = s.contact_id and p.id = c.id and c.account_id = p_account_id
        and (c.relationship_score, c.score_components, c.resonance) is distinct from (s.score, s.components, s.resonance)
        and (s.expected_at is null or c.updated_at = s.expected_at)
      returning c.id as contact_id, s.score, p.relationship_score as previous, s.components, s.event),
  h as (insert into public.score_history (contact_id, score, previous_score, components, reason)
    select contact_id, score, previous, components, p_reason from u where previous is distinct from score returning 1)
  select jsonb_build_object('updated', (select count(*) from u), 'scoreChanged', (select count(*) from h)),
    (select jsonb_agg(event || jsonb_build_object('payload', event -> 'payload'
      || jsonb_build_object('old_score', previous, 'change', score - coalesce(previous, 0))) order by contact_id)
     from u where previous is distinct from score)
    into v_counts, v_events;
  perform public.crm_emit_outbox_events(p_account_id, v_events);
  return v_counts;
end
$$;
revoke execute on function public.crm_record_scores(text, jsonb, text) from public, anon, authenticated;
