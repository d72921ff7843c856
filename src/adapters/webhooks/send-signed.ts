import { deliverOnce, type AttemptResult } from './deliver';
import { signatureHeaders } from './signing';
import type { ResolveHost } from './url-guard';

/** One message to one endpoint: signed now (both ways, every secret still valid) and POSTed once. */
export interface SignedSend {
  url: string;
  secrets: string[];
  messageId: string;
  eventType: string;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  resolve?: ResolveHost;
  now?: () => number;
}

export function sendSigned(s: SignedSend): Promise<AttemptResult> {
  const now = s.now ?? Date.now;
  const headers = signatureHeaders({
    messageId: s.messageId,
    eventType: s.eventType,
    body: s.body,
    timestampSeconds: Math.floor(now() / 1000),
    secrets: s.secrets,
  });
  return deliverOnce({
    url: s.url,
    headers,
    body: s.body,
    timeoutMs: s.timeoutMs,
    allowPrivate: s.allowPrivate,
    resolve: s.resolve,
    now,
  });
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
