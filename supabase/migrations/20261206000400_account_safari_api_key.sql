-- The key an account's own Safari server expects (sent as x-api-key), write-only through the API.
-- The configured SAFARI_API_KEY goes only to SAFARI_API_URL's own origin: another account's server
-- gets its own key or none, so naming a URL cannot collect the global one.
alter table public.accounts add column if not exists safari_api_key text
  constraint accounts_safari_api_key_length check (safari_api_key is null or length(safari_api_key) between 1 and 512);
