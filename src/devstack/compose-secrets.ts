import { randomBytes } from 'node:crypto';
import { makeSupabaseKeys } from './jwt-keys';

/**
 * Fresh secrets for docker-compose.yml's `.env` (it has no defaults for them):
 *
 *   node --import tsx src/devstack/compose-secrets.ts > .env
 *     every secret the stack needs, each data API's service_role key signed with its own JWT secret;
 *   node --import tsx src/devstack/compose-secrets.ts key <jwt secret> [role]
 *     one Supabase-style key (service_role unless another role is named) signed with the given secret.
 *
 * Without Node here: `docker build -t crm-server .` first, then the same command after
 * `docker run --rm crm-server`.
 */

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const nowS = () => Math.floor(Date.now() / 1000);

async function key(jwtSecret: string | undefined, role = 'service_role'): Promise<string> {
  if (!jwtSecret || jwtSecret.length < 32)
    throw new Error('usage: compose-secrets.ts key <jwt secret of 32+ characters> [service_role|anon]');
  const keys = await makeSupabaseKeys(jwtSecret, nowS());
  if (role === 'service_role') return keys.serviceRoleKey;
  if (role === 'anon') return keys.anonKey;
  throw new Error(`no key for the role ${role}: service_role or anon`);
}

async function dotEnv(): Promise<string> {
  const crmJwt = hex(32);
  const mediaPosterJwt = hex(32);
  return [
    '# Made by src/devstack/compose-secrets.ts. Keep this file to yourself: it holds every secret of the stack.',
    `CRM_API_KEY=${hex(32)}`,
    `WEBHOOK_SECRET=${hex(32)}`,
    `CRM_DB_PASSWORD=${hex(24)}`,
    `MEDIAPOSTER_DB_PASSWORD=${hex(24)}`,
    `CRM_DATA_API_JWT_SECRET=${crmJwt}`,
    `CRM_SUPABASE_KEY=${await key(crmJwt)}`,
    `MEDIAPOSTER_DATA_API_JWT_SECRET=${mediaPosterJwt}`,
    `MEDIAPOSTER_SUPABASE_KEY=${await key(mediaPosterJwt)}`,
    '',
  ].join('\n');
}

async function main(args: string[]) {
  process.stdout.write(args[0] === 'key' ? `${await key(args[1], args[2])}\n` : await dotEnv());
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
