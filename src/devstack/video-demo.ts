import { createHmac } from 'node:crypto';
import { temporalUiUrl } from '../temporal/workflow-ids';

/**
 * What `npm run demo:video-posted` does against a running stack, as MediaPoster and a person would:
 * read the inbox in first when the CRM knows nobody yet (a first run), announce the video with a
 * signed `video.posted`, wait for the outreach run's summary, then follow its DMs until the first
 * has gone out (or none can without a person), saying where to watch the rest. Every wait is bounded
 * and comes from the caller.
 */

export interface VideoDemoOptions {
  apiUrl: string;
  apiKey: string;
  webhookSecret: string;
  videoId: string;
  temporalUiUrl: string;
  namespace: string;
  waits: { pollMs: number; syncMs: number; summaryMs: number; firstSendMs: number };
  say: (line: string) => void;
}

type Json = Record<string, unknown>;
interface Item {
  username: string;
  status: string;
  sent_at: string | null;
  campaign: string | null;
}
export interface VideoDemoResult {
  synced: boolean;
  workflowId: string | null;
  summary: Json | null;
  items: Item[];
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runVideoDemo(o: VideoDemoOptions): Promise<VideoDemoResult> {
  const get = (path: string) => call(o, 'GET', path);
  const synced = await syncIfNobodyKnown(o);
  const workflowId = await announce(o);
  if (workflowId === null) return { synced, workflowId, summary: null, items: [] };
  o.say(`Temporal Web UI: ${temporalUiUrl(o.temporalUiUrl, o.namespace, workflowId)}`);
  const run = await until(o, o.waits.summaryMs, 'the outreach run to finish', async () => {
    const state = await get(`/api/workflows/${encodeURIComponent(workflowId)}`);
    return state.status && state.status !== 'RUNNING' ? state : null;
  });
  const summary = (run.result ?? null) as Json | null;
  o.say(`summary: ${JSON.stringify(summary ?? run)}`);
  const queued = Array.isArray(summary?.items) ? summary.items.length : 0;
  if (queued === 0) return { synced, workflowId, summary, items: [] };
  const campaign = `video:${o.videoId}`;
  // Until one is sent, or none is on its way without a person (held for approval, skipped, failed).
  const items = await until(o, o.waits.firstSendMs, 'the first DM to go out', async () => {
    const mine = ((await get('/api/outreach/queue?limit=500')).queue as Item[]).filter((i) => i.campaign === campaign);
    const moving = mine.some((i) => i.status === 'queued' || i.status === 'sending');
    return mine.some((i) => i.status === 'sent') || !moving ? mine : null;
  });
  const { pacing } = await get('/api/outreach/queue?limit=1');
  for (const i of items) o.say(`  @${i.username.padEnd(24)} ${i.status}${i.sent_at ? ` ${i.sent_at}` : ''}`);
  o.say(`pacing: ${(pacing as { explanation: string }[])[0]?.explanation ?? 'no sender yet'}`);
  o.say(`the rest go out paced; watch them (and approve any held) on ${o.apiUrl}/app#/outreach`);
  return { synced, workflowId, summary, items };
}

/** A first run knows nobody: the sync reads the simulator's inbox in (minutes at its real pace). */
async function syncIfNobodyKnown(o: VideoDemoOptions): Promise<boolean> {
  const { contacts } = await call(o, 'GET', '/api/contacts?limit=1');
  if (Array.isArray(contacts) && contacts.length > 0) return false;
  o.say('no contacts yet: reading the inbox in first (POST /api/conversations/sync)...');
  const started = await call(o, 'POST', '/api/conversations/sync');
  const statusUrl = String(started.statusUrl);
  const startedAt = Date.now();
  let said = { line: '', at: 0 };
  const done = await until(o, o.waits.syncMs, 'the sync to finish', async () => {
    const state = await call(o, 'GET', statusUrl);
    const p = state.progress as Json | undefined;
    // A batch of threads takes minutes at the real pace: the line is said again every 30 s, with the time so far.
    const line = p
      ? `  sync: ${String(p.phase)}, ${String(p.conversationsFound)} conversations, ${String(p.threadsRead)} threads read`
      : '';
    if (line && (line !== said.line || Date.now() - said.at >= 30_000)) {
      o.say(`${line} (${Math.round((Date.now() - startedAt) / 1000)} s)`);
      said = { line, at: Date.now() };
    }
    return state.status !== 'RUNNING' ? state : null;
  });
  o.say(`sync ${String(done.status)} in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  return true;
}

/** The design's example webhook, signed as MediaPoster signs it; the answer names the run. */
async function announce(o: VideoDemoOptions): Promise<string | null> {
  const body = JSON.stringify({
    event: 'video.posted',
    data: { video_id: o.videoId, platform: 'instagram', title: 'New video' },
  });
  const headers = {
    'content-type': 'application/json',
    'x-webhook-signature': `sha256=${createHmac('sha256', o.webhookSecret).update(body).digest('hex')}`,
    'x-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
  };
  o.say(`POST ${o.apiUrl}/api/incoming/mediaposter ${body}`);
  const res = await fetch(`${o.apiUrl}/api/incoming/mediaposter`, { method: 'POST', headers, body }).catch(
    unreachable(o),
  );
  const answer = (await res.json()) as { workflowId?: string };
  o.say(`${res.status} ${JSON.stringify(answer)}`);
  return answer.workflowId ?? null;
}

async function call(o: VideoDemoOptions, method: string, path: string): Promise<Json> {
  const res = await fetch(`${o.apiUrl}${path}`, { method, headers: { 'x-api-key': o.apiKey } }).catch(unreachable(o));
  const body = (await res.json()) as Json;
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

const unreachable = (o: VideoDemoOptions) => (err: Error) => {
  throw new Error(`the API at ${o.apiUrl} does not answer (${err.message}): is npm start running?`);
};

/** Polls `read` every pollMs until it gives a value; past `withinMs` it fails, naming what it waited for. */
async function until<T>(o: VideoDemoOptions, withinMs: number, what: string, read: () => Promise<T | null>) {
  for (let waited = 0; ; waited += o.waits.pollMs) {
    const value = await read();
    if (value !== null) return value;
    if (waited >= withinMs)
      throw new Error(`gave up waiting for ${what} after ${Math.round(withinMs / 1000)} s: see the Temporal Web UI`);
    await pause(o.waits.pollMs);
  }
}
