import { z } from 'zod';
import { emptyAsUndefined, httpUrl, optionalHttpUrl, secret } from '../fields';

/** The two Supabase projects, reached only through their data API with a URL and a key. */
export const dataEnv = {
  CRM_SUPABASE_URL: httpUrl(),
  CRM_SUPABASE_KEY: secret(20),
  /** Optional: without them the MediaPoster routes answer 503 MEDIAPOSTER_NOT_CONFIGURED (npm start runs a local fixture). */
  MEDIAPOSTER_SUPABASE_URL: optionalHttpUrl(),
  MEDIAPOSTER_SUPABASE_KEY: emptyAsUndefined(secret(20).optional()),
};

type DataEnv = z.infer<z.ZodObject<typeof dataEnv>>;

/** MediaPoster is configured by both keys or by neither. */
export function checkData(e: DataEnv): { key: string; message: string }[] {
  if ((e.MEDIAPOSTER_SUPABASE_URL === undefined) === (e.MEDIAPOSTER_SUPABASE_KEY === undefined)) return [];
  const missing = e.MEDIAPOSTER_SUPABASE_URL === undefined ? 'MEDIAPOSTER_SUPABASE_URL' : 'MEDIAPOSTER_SUPABASE_KEY';
  return [{ key: missing, message: 'is required when the other MEDIAPOSTER_SUPABASE_* key is set' }];
}

export function buildData(e: DataEnv) {
  const mediaPoster = e.MEDIAPOSTER_SUPABASE_URL && e.MEDIAPOSTER_SUPABASE_KEY ? { url: e.MEDIAPOSTER_SUPABASE_URL, key: e.MEDIAPOSTER_SUPABASE_KEY } : null;
  return {
    crmDb: { url: e.CRM_SUPABASE_URL, key: e.CRM_SUPABASE_KEY },
    /** null: MediaPoster is not configured. */
    mediaPosterDb: mediaPoster,
  };
}
