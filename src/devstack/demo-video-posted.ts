import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfigOrExit, loadDemoConfig } from '../config';
import type { DevSecrets } from './dev-secrets';
import { runVideoDemo } from './video-demo';

/**
 * `npm run demo:video-posted [videoId]`: plays MediaPoster against the running stack (`npm start`),
 * with its dev secrets (or WEBHOOK_SECRET / CRM_API_KEY): see video-demo.ts for what it does.
 */

const config = loadConfigOrExit(loadDemoConfig);
const videoId = process.argv[2] ?? '6f1d2a10-0000-4000-8000-000000000006';

async function devSecrets(): Promise<Partial<DevSecrets>> {
  try {
    return JSON.parse(await readFile(join(config.dataDir, 'dev-secrets.json'), 'utf8')) as DevSecrets;
  } catch {
    return {};
  }
}

async function main() {
  const secrets = await devSecrets();
  const webhookSecret = config.webhookSecret ?? secrets.webhookSecret;
  const apiKey = config.apiKey ?? secrets.apiKey;
  if (!webhookSecret || !apiKey)
    throw new Error(
      `no WEBHOOK_SECRET or CRM_API_KEY: start the stack with npm start (it keeps both in ${config.dataDir}/dev-secrets.json), or set them`,
    );
  await runVideoDemo({
    apiUrl: config.apiUrl,
    apiKey,
    webhookSecret,
    videoId,
    temporalUiUrl: config.temporalUiUrl,
    namespace: config.namespace,
    waits: config.waits,
    say: (line) => process.stdout.write(`${line}\n`),
  });
}

main().catch((err: Error) => {
  process.stderr.write(`demo failed: ${err.message}\n`);
  process.exit(1);
});
