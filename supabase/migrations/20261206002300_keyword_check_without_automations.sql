-- The keyword check with no automation on (most accounts, and every first sync of one): nothing
-- stored can match an automation turned on later, which answers only what was written after it
-- was on (src/domain/keyword-replies.ts), so the messages waiting are marked checked without being
-- read, paged and written back — a thread batch's check becomes one statement instead of about six
-- requests. One statement, so the automations and the messages are seen at one instant, as the
-- check's own page read followed by its read of the automations would see them.
-- Answers whether an automation is on: then nothing was marked and the check reads its pages.
create or replace function public.crm_keyword_check_needed(p_account_id text)
returns boolean
language sql as $$
  with automations_on as (
    select exists (select 1 from public.automations a
                   where a.account_id = p_account_id and a.enabled and a.active_since is not null) as yes),
  marked as (
    update public.messages set keywords_checked = true
     where account_id = p_account_id and not keywords_checked and not (select yes from automations_on)
    returning 1)
  select yes from automations_on;
$$;

revoke execute on function public.crm_keyword_check_needed(text) from public, anon, authenticated;
