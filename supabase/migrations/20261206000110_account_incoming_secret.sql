-- The secret MediaPoster signs an account's incoming webhooks with (POST /api/incoming/mediaposter):
-- an announcement acts only for the account whose secret signed it. Write-only through the API.
alter table public.accounts add column if not exists incoming_secret text
  constraint accounts_incoming_secret_length check (incoming_secret is null or length(incoming_secret) between 16 and 256);
