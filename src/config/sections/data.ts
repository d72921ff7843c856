import { z } from 'zod';
import { emptyAsUndefined, httpUrl, int, optionalHttpUrl, secret } from '../fields';

/** The two Supabase projects, reached only through their data API with a URL and a key. */
export const dataEnv = {
  CRM_SUPABASE_URL: httpUrl(),
  CRM_SUPABASE_KEY: secret(20),
  /** Optional: without them the MediaPoster routes answer 503 MEDIAPOSTER_NOT_CONFIGURED (npm start runs a local fixture). */
  MEDIAPOSTER_SUPABASE_URL: optionalHttpUrl(),
  MEDIAPOSTER_SUPABASE_KEY: emptyAsUndefined(secret(20).optional()),
  /**
   * Deadlines of one data-API request (src/adapters/db/deadlines.ts): past one, the call is an outage
   * (503 in the API, a retried activity in the worker). Writes do real work (a sync's bulk store, a
   * rescore page), and stay under the one minute a workflow gives its database activities.
   */
  CRM_DB_TIMEOUT_MS: int(5_000, 1),
  CRM_DB_WRITE_TIMEOUT_MS: int(30_000, 1),
  /** MediaPoster is only read. */
  MEDIAPOSTER_TIMEOUT_MS: int(5_000, 1),
};

type DataEnv = z.infer<z.ZodObject<typeof dataEnv>>;

/** MediaPoster is configured by both keys or by neither. */
export function checkData(e: DataEnv): { key: string; message: string }[] {
  if ((e.MEDIAPOSTER_SUPABASE_URL === undefined) === (e.MEDIAPOSTER_SUPABASE_KEY === undefined)) return [];
  const missing = e.MEDIAPOSTER_SUPABASE_URL === undefined ? 'MEDIAPOSTER_SUPABASE_URL' : 'MEDIAPOSTER_SUPABASE_KEY';
  return [{ key: missing, message: 'is required when the other MEDIAPOSTER_SUPABASE_* key is set' }];
}

export function buildData(e: DataEnv) {
  const mediaPosterDeadlines = { readMs: e.MEDIAPOSTER_TIMEOUT_MS, writeMs: e.MEDIAPOSTER_TIMEOUT_MS };
  const mediaPoster =
    e.MEDIAPOSTER_SUPABASE_URL && e.MEDIAPOSTER_SUPABASE_KEY
      ? { url: e.MEDIAPOSTER_SUPABASE_URL, key: e.MEDIAPOSTER_SUPABASE_KEY, deadlines: mediaPosterDeadlines }
      : null;
  return {
    crmDb: { url: e.CRM_SUPABASE_URL, key: e.CRM_SUPABASE_KEY, deadlines: crmDbDeadlines(e) },
    /** null: MediaPoster is not configured. */
    mediaPosterDb: mediaPoster,
  };
}

export function crmDbDeadlines(e: Pick<DataEnv, 'CRM_DB_TIMEOUT_MS' | 'CRM_DB_WRITE_TIMEOUT_MS'>) {
  return { readMs: e.CRM_DB_TIMEOUT_MS, writeMs: e.CRM_DB_WRITE_TIMEOUT_MS };
}
