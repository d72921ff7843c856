-- A conversation the CRM starts by sending a DM (the sender stores its message, creating the
-- conversation) holds a thread nobody has read: what the person wrote before our DM — a "stop",
-- say — is in it. It was created not queued for reading, and a sync queues a read only when the
-- listing's last message changes, which it does not (it is our DM): such a thread was never read
-- (found by the soak). Every new conversation now starts queued, and those never read are queued.
alter table public.conversations alter column needs_read set default true;
update public.conversations set needs_read = true where last_read_at is null and not needs_read;
