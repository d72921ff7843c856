import { createHmac } from 'node:crypto';
import { SOAK_KEY, SOAK_WEBHOOK_SECRET, type SoakWorld } from './world';

/** The soak's hands: the API as a user's script would call it, with the key, and bounded waits. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function apiClient(world: SoakWorld) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Json }> {
    const res = await world.app.request(path, {
      method,
      headers: { 'x-api-key': SOAK_KEY, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** Retries what a database restart or a Temporal hiccup answered with a 503, as a client should. */
  async function must(
    method: string,
    path: string,
    body: unknown,
    ok: number[],
    what: string,
    headers: Record<string, string> = {},
  ): Promise<Json> {
    for (let attempt = 1; ; attempt++) {
      const res = await call(method, path, body, headers);
      if (ok.includes(res.status)) return res.body;
      if (res.status !== 503 || attempt >= 60) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
      await sleep(500);
    }
  }

  /** Waits (bounded) until a workflow is no longer running. */
  async function settled(workflowId: string, timeoutMs: number): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await call('GET', `/api/workflows/${encodeURIComponent(workflowId)}`);
      if (res.status === 200 && res.body.status !== 'RUNNING') return res.body;
      if (Date.now() > deadline)
        throw new Error(`${workflowId} still running after ${timeoutMs} ms: ${JSON.stringify(res.body)}`);
      await sleep(500);
    }
  }

  /** MediaPoster announcing a posted video, signed as it signs (hex HMAC of the raw body). */
  function announce(videoId: string) {
    const body = JSON.stringify({
      event: 'video.posted',
      data: { video_id: videoId, platform: 'instagram', title: null },
    });
    const signature = createHmac('sha256', SOAK_WEBHOOK_SECRET).update(body).digest('hex');
    return must('POST', '/api/incoming/mediaposter', body, [200], 'announce the video', {
      'x-webhook-signature': signature,
    });
  }

  return { call, must, settled, announce };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
