import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfigOrExit, loadDemoConfig } from '../config';
import { temporalUiUrl } from '../temporal/workflow-ids';
import type { DevSecrets } from './dev-secrets';

/**
 * `npm run demo:video-posted [videoId]`: plays MediaPoster against the running stack (`npm start`).
 * Sends the design's example webhook — `video.posted`, signed with WEBHOOK_SECRET as MediaPoster
 * signs it — for one of the fixture's videos, prints the answer and the outreach workflow's link in
 * the Temporal Web UI, then waits for its summary.
 */

const config = loadConfigOrExit(loadDemoConfig);
const videoId = process.argv[2] ?? '6f1d2a10-0000-4000-8000-000000000006';
const say = (line: string) => process.stdout.write(`${line}\n`);

async function devSecrets(): Promise<Partial<DevSecrets>> {
  try {
    return JSON.parse(await readFile(join(config.dataDir, 'dev-secrets.json'), 'utf8')) as DevSecrets;
  } catch {
    return {};
  }
}

async function waitForSummary(workflowId: string, apiKey: string): Promise<unknown> {
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`${config.apiUrl}/api/workflows/${encodeURIComponent(workflowId)}`, {
      headers: { 'x-api-key': apiKey },
    });
    const state = (await res.json()) as { status?: string; result?: unknown; error?: string };
    if (state.status && state.status !== 'RUNNING') return state;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return 'still running after a minute: follow it in the Temporal Web UI';
}

async function main() {
  const secrets = await devSecrets();
  const secret = config.webhookSecret ?? secrets.webhookSecret;
  if (!secret)
    throw new Error(
      `no WEBHOOK_SECRET: start the stack with npm start (it keeps one in ${config.dataDir}/dev-secrets.json), or set it`,
    );
  const body = JSON.stringify({
    event: 'video.posted',
    data: { video_id: videoId, platform: 'instagram', title: 'New video' },
  });
  const headers = {
    'content-type': 'application/json',
    'x-webhook-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    'x-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
  };
  say(`POST ${config.apiUrl}/api/incoming/mediaposter ${body}`);
  const res = await fetch(`${config.apiUrl}/api/incoming/mediaposter`, { method: 'POST', headers, body }).catch(
    (err: Error) => {
      throw new Error(`the API at ${config.apiUrl} does not answer (${err.message}): is npm start running?`);
    },
  );
  const answer = (await res.json()) as { workflowId?: string };
  say(`${res.status} ${JSON.stringify(answer)}`);
  if (!answer.workflowId) return;
  say(`Temporal Web UI: ${temporalUiUrl(config.temporalUiUrl, config.namespace, answer.workflowId)}`);
  const apiKey = config.apiKey ?? secrets.apiKey;
  if (apiKey) say(`summary: ${JSON.stringify(await waitForSummary(answer.workflowId, apiKey))}`);
}

main().catch((err: Error) => {
  process.stderr.write(`demo failed: ${err.message}\n`);
  process.exit(1);
});
