-- MediaPoster tables the CRM reads (columns per mediaposter.md §2.1, §2.2, §2.4, §3).
create table if not exists public.videos (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default '00000000-0000-0000-0000-000000000001',
  source_type text not null default 'local' check (source_type in ('local', 'gdrive', 'supabase', 's3', 'other')),
  source_uri text not null,
  file_name text,
  file_size bigint,
  duration_sec integer,
  resolution text,
  aspect_ratio text,
  thumbnail_path text,
  curation_status text default 'pending',
  title varchar(150),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists public.video_analysis (
  video_id uuid primary key references public.videos (id) on delete cascade,
  transcript text,
  topics text[],
  hooks text[],
  tone text,
  pacing text,
  pre_social_score numeric,
  pillar_tags text[],
  format_tags text[],
  analyzed_at timestamptz default now()
);

create table if not exists public.scheduled_posts (
  id uuid primary key default gen_random_uuid(),
  clip_id uuid,
  content_id text,
  platform varchar(50) not null,
  platform_account_id text,
  account_username text,
  blotato_account_id text,
  scheduled_time timestamptz not null,
  scheduled_at timestamptz,
  status varchar(50) default 'pending',
  title text,
  caption text,
  hashtags text[],
  thumbnail_url text,
  media_type text default 'reel',
  source text default 'manual',
  platform_post_id text,
  platform_url text,
  published_at timestamptz,
  retry_count integer default 0,
  next_retry_at timestamptz,
  error_message text,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists scheduled_posts_status_idx on public.scheduled_posts (status);
create index if not exists scheduled_posts_scheduled_time_idx on public.scheduled_posts (scheduled_time);
