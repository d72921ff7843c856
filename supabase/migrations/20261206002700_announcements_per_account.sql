-- An announcement is recorded once per account (the key now starts with the account it was
-- announced to): keys stored before carry the account of the event they wrote, so a retry of an
-- old announcement is still a repeat. A key already prefixed is left (the file may run again).
update public.incoming_announcements a set event_key = e.account_id || ':' || a.event_key
  from public.event_outbox e
  where e.id = a.event_id and not starts_with(a.event_key, e.account_id || ':');
