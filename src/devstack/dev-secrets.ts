import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Secrets for the local stack, made once and kept in the data directory (mode 600) so the API key
 * and the data APIs' keys stay the same across restarts. Never used when the user provides keys.
 */
export interface DevSecrets {
  apiKey: string;
  webhookSecret: string;
  crmJwtSecret: string;
  mediaPosterJwtSecret: string;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export async function loadOrCreateDevSecrets(dataDir: string): Promise<DevSecrets> {
  const file = join(dataDir, 'dev-secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DevSecrets;
  } catch {
    const secrets: DevSecrets = {
      apiKey: `crm_dev_${token(24)}`,
      webhookSecret: `whsec_${token(32)}`,
      crmJwtSecret: token(48),
      mediaPosterJwtSecret: token(48),
    };
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}
