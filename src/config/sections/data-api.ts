import { z } from 'zod';
import { optionalString, port } from '../fields';

/** `src/devstack/data-api.ts`: one project's data API over a given PostgreSQL (docker-compose). */
export const dataApiEnv = {
  DATA_API_PROJECT: z.enum(['crm', 'mediaposter']),
  DATA_API_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** Signs and verifies the anon and service_role keys, as a Supabase project's JWT secret does. */
  DATA_API_JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }),
  DATA_API_PORT: port(54361),
  DATA_API_HOST: z.string().min(1).default('0.0.0.0'),
  POSTGREST_PATH: optionalString(),
};

export function buildDataApi(e: z.infer<z.ZodObject<typeof dataApiEnv>>) {
  return {
    project: e.DATA_API_PROJECT,
    databaseUrl: e.DATA_API_DATABASE_URL,
    jwtSecret: e.DATA_API_JWT_SECRET,
    port: e.DATA_API_PORT,
    host: e.DATA_API_HOST,
    postgrestPath: e.POSTGREST_PATH,
  };
}
