import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/**
 * One HTTP exchange over node:http with keep-alive agents, the answer read whole before it resolves.
 * It costs about a third of what global fetch (undici, with its web streams) costs per call in this
 * process, which matters where calls are many and the server is near: the Safari transport (thousands
 * a sync) and the data APIs (every repository call). Errors keep Node's codes (ECONNREFUSED,
 * ECONNRESET); an abort, before or during the answer, rejects with the signal's reason.
 */

export interface ExchangeInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

export interface ExchangeAnswer {
  status: number;
  statusText: string;
  /** Names and values in turn, as they came (Node's rawHeaders). */
  rawHeaders: string[];
  body: Buffer;
}

export type Exchange = (url: string | URL, init: ExchangeInit) => Promise<ExchangeAnswer>;

/**
 * `lookup`: the name lookup every new connection uses (a guard on where it may connect).
 * `idleMs`: an idle connection is closed after this, before a server's own keep-alive timeout can
 * close it under a request that is about to reuse it.
 */
export function keepAliveExchange(o: { lookup?: LookupFunction; idleMs?: number } = {}): Exchange {
  const agents = {
    http: new HttpAgent({ keepAlive: true, lookup: o.lookup, timeout: o.idleMs }),
    https: new HttpsAgent({ keepAlive: true, lookup: o.lookup, timeout: o.idleMs }),
  };
  return (url, init) =>
    new Promise<ExchangeAnswer>((resolve, reject) => {
      const target = typeof url === 'string' ? new URL(url) : url;
      const secure = target.protocol === 'https:';
      const fail = (err: Error) => reject(init.signal?.aborted ? (init.signal.reason as Error) : err);
      const headers = { ...init.headers };
      if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
      const req = (secure ? httpsRequest : httpRequest)(
        target,
        { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http, signal: init.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('close', () => {
            if (!res.complete) fail(new Error('the connection closed before the whole answer came'));
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              rawHeaders: res.rawHeaders,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      req.on('error', fail);
      req.end(init.body);
    });
}
