-- An endpoint's due rows are read oldest event first (crm_webhook_due_rows: pending, due, order by
-- event_seq). With only (endpoint_id, next_attempt_at) for pending rows and (endpoint_id, event_seq)
-- for all of them, the read walked the endpoint's rows in seq order past every delivered one still
-- kept (the whole retention window, and each of a backlog's rows as it drains): 2,000 delivered rows
-- skipped, 4,099 buffers, 1.5 ms for a page of 50, against 0.14 ms through this index, which holds
-- the pending rows only, in the order they are read.
create index if not exists webhook_deliveries_pending_seq_idx
  on public.webhook_deliveries (endpoint_id, event_seq) where status = 'pending';
