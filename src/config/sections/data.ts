import { z } from 'zod';
import { httpUrl, secret } from '../fields';

/** The two Supabase projects, reached only through their data API with a URL and a key. */
export const dataEnv = {
  CRM_SUPABASE_URL: httpUrl(),
  CRM_SUPABASE_KEY: secret(20),
  MEDIAPOSTER_SUPABASE_URL: httpUrl(),
  MEDIAPOSTER_SUPABASE_KEY: secret(20),
};

export function buildData(e: z.infer<z.ZodObject<typeof dataEnv>>) {
  return {
    crmDb: { url: e.CRM_SUPABASE_URL, key: e.CRM_SUPABASE_KEY },
    mediaPosterDb: { url: e.MEDIAPOSTER_SUPABASE_URL, key: e.MEDIAPOSTER_SUPABASE_KEY },
  };
}
