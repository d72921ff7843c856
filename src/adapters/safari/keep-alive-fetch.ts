import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/**
 * The part of `fetch` the Safari transport uses (status and text), over node:http with a
 * keep-alive agent. It costs about a third of what global fetch costs per call, which matters
 * when a sync makes thousands of calls to a fast server (the simulator, or a nearby Mac).
 * Errors keep Node's codes (ECONNREFUSED, ECONNRESET) and aborts reject with the signal's reason.
 */

export interface MinimalResponse {
  status: number;
  text(): Promise<string>;
}

export type MinimalFetch = (
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<MinimalResponse>;

/** `lookup`: the name lookup every new connection uses (a guard on where it may connect). */
export function createKeepAliveFetch(o: { lookup?: LookupFunction } = {}): MinimalFetch {
  const agents = {
    http: new HttpAgent({ keepAlive: true, lookup: o.lookup }),
    https: new HttpsAgent({ keepAlive: true, lookup: o.lookup }),
  };
  return (url, init) =>
    new Promise<MinimalResponse>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const send = secure ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          method: init.method ?? 'GET',
          headers: init.headers,
          agent: secure ? agents.https : agents.http,
          signal: init.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, text: async () => body });
          });
        },
      );
      req.on('error', (err) => reject(init.signal?.aborted ? (init.signal.reason as Error) : err));
      if (init.body !== undefined) req.write(init.body);
      req.end();
    });
}
