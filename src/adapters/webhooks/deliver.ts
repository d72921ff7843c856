import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { answerKeptFrom, checkAddresses, checkWebhookUrl } from '../../domain/webhook-url';
import { parseRetryAfter } from '../../domain/webhook-retry';
import { checkedLookup, resolveHost, type ResolveHost } from './url-guard';

/**
 * One delivery attempt: POST the signed bytes, never follow a redirect, give up after the timeout.
 * The URL is checked again as it is dialled: the connection's own name lookup refuses a metadata
 * or link-local answer (and private ones when they are not allowed), so a name cannot be pointed
 * somewhere else between the check and the connection. The answer of a private or loopback address
 * is never kept: the delivery log must not become a way to read LAN services through the CRM.
 */

export interface AttemptResult {
  /** null: no answer (refused by our check, connection error, timeout). */
  status: number | null;
  latencyMs: number;
  /** The first RESPONSE_BYTES of the answer, for the delivery log; null: a private address answered (not kept). */
  responseBody: string | null;
  error: string | null;
  retryAfterMs: number | null;
  /** Our URL check refused to dial: retrying cannot help until the URL or the setting changes. */
  refused: boolean;
}

export interface DeliverInput {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  resolve?: ResolveHost;
  now?: () => number;
}

const RESPONSE_BYTES = 2_048;

/**
 * Connections are kept open between deliveries to the same receiver: a new TCP (and TLS) handshake
 * per message costs both sides more than the message. Each was checked when it was dialled.
 */
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 32 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 32 }),
};

export async function deliverOnce(o: DeliverInput): Promise<AttemptResult> {
  const now = o.now ?? Date.now;
  const started = now();
  const refuse = (reason: string): AttemptResult => ({
    status: null,
    latencyMs: 0,
    responseBody: '',
    error: reason,
    retryAfterMs: null,
    refused: true,
  });
  const shape = checkWebhookUrl(o.url);
  if (!shape.ok) return refuse(shape.reason);
  if (isIP(shape.hostname)) {
    const verdict = checkAddresses([shape.hostname], o.allowPrivate);
    if (!verdict.ok) return refuse(verdict.reason);
  }
  try {
    const answer = await post(
      shape.url,
      o,
      checkedLookup(o.resolve ?? resolveHost, (addresses) => checkAddresses(addresses, o.allowPrivate)),
    );
    return {
      ...answer,
      latencyMs: now() - started,
      error: null,
      retryAfterMs: parseRetryAfter(answer.retryAfter, now()),
      refused: false,
    };
  } catch (err) {
    const e = err as Error & { refusedByCheck?: boolean };
    return {
      status: null,
      latencyMs: now() - started,
      responseBody: '',
      error: e.message,
      retryAfterMs: null,
      refused: e.refusedByCheck === true,
    };
  }
}

function post(
  url: URL,
  o: DeliverInput,
  lookup: LookupFunction,
): Promise<{ status: number; responseBody: string | null; retryAfter: string | null }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // The whole exchange, not only an idle socket: a receiver trickling bytes is cut off too.
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    const done =
      <A extends unknown[]>(f: (...a: A) => void) =>
      (...a: A) => {
        clearTimeout(deadline);
        f(...a);
      };
    resolve = done(resolve);
    reject = done(reject);
    const agent = AGENTS[url.protocol as keyof typeof AGENTS];
    const req = client.request(
      url,
      { method: 'POST', headers: { ...o.headers, 'content-length': Buffer.byteLength(o.body) }, lookup, agent },
      (res) => {
        // Judged on the address this connection reached, whatever name led there.
        const keep = answerKeptFrom(res.socket?.remoteAddress);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (keep && size < RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            responseBody: keep ? Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_BYTES) : null,
            retryAfter: typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}
