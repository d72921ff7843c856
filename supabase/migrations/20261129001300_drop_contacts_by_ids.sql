-- crm_contacts_by_ids (20261125000800) is no longer used: scores come with the claim of a sync batch.
-- Its migration file had been deleted after it was applied, which a deployed database never sees;
-- the file is back as it was, and the function goes here instead (migrations are append-only).
drop function if exists public.crm_contacts_by_ids(text, uuid[]);
