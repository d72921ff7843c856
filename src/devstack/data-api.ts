import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadConfigOrExit, loadDataApiConfig } from '../config';
import { startLocalSupabase } from './local-supabase';

/**
 * One project's data API as a long-running service (docker-compose runs one per database):
 * roles and migrations applied to the given PostgreSQL, then PostgREST behind `/rest/v1`.
 */

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const MIGRATIONS = { crm: 'supabase/migrations', mediaposter: 'supabase/mediaposter/migrations' };

async function main() {
  const cfg = loadConfigOrExit(loadDataApiConfig);
  const api = await startLocalSupabase({
    name: cfg.project,
    backend: { kind: 'postgres', databaseUrl: cfg.databaseUrl },
    rolesFile: join(projectDir, 'supabase/roles.sql'),
    migrationsDir: join(projectDir, MIGRATIONS[cfg.project]),
    jwtSecret: cfg.jwtSecret,
    port: cfg.port,
    host: cfg.host,
    postgrestPath: cfg.postgrestPath,
  });
  process.stdout.write(
    `${cfg.project} data API on ${api.url}/rest/v1 (migrations applied: ${api.migrations.applied.length})\n`,
  );
  const stop = () => void api.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`data API failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
