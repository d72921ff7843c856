import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { keepAliveExchange } from '../http/keep-alive';

/**
 * The fetch supabase-js is given for a data API: node:http with keep-alive connections
 * (adapters/http/keep-alive.ts) instead of global fetch, the answer read whole and handed back as a
 * Response. Every repository call goes through it; per call it costs about half of what global
 * fetch (undici, its web streams, and a second Response for the deadline) cost in this process
 * (README, "Where the time goes"). Failures look as they did with global fetch: a TypeError
 * "fetch failed" with Node's error as its cause, an abort the signal's reason. Compressed answers
 * are asked for and decoded as global fetch does, for a data API across a network (the embedded
 * one answers plain).
 */

/** Idle connections close before a server's keep-alive timeout (Node's default is 5 s) can race a reuse. */
const exchange = keepAliveExchange({ idleMs: 4_000 });

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

const DECODERS: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/** Answers this fetch built: already whole, so a deadline need not read them again (deadlines.ts). */
export const wholeAnswers = new WeakSet<Response>();

export const dataApiFetch: typeof fetch = async (input, init = {}) => {
  if (typeof input !== 'string' && !(input instanceof URL))
    throw new TypeError('the data API fetch takes a URL, not a Request');
  const body = init.body ?? undefined;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array))
    throw new TypeError('the data API fetch sends a string or bytes');
  const sent = plainHeaders(init.headers);
  if (!Object.keys(sent).some((name) => name.toLowerCase() === 'accept-encoding'))
    sent['accept-encoding'] = 'gzip, deflate, br';
  let answer;
  let content: Buffer;
  try {
    answer = await exchange(input, { method: init.method, headers: sent, body, signal: init.signal ?? undefined });
    content = await decoded(answer.body, answer.rawHeaders);
  } catch (err) {
    if (init.signal?.aborted) throw err;
    throw new TypeError('fetch failed', { cause: err });
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2)
    headers.append(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
  const empty = content.length === 0 || NULL_BODY.has(answer.status);
  const response = new Response(empty ? null : content, {
    status: answer.status,
    statusText: answer.statusText,
    headers,
  });
  wholeAnswers.add(response);
  return response;
};

function plainHeaders(h: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (h === undefined) return out;
  if (h instanceof Headers) h.forEach((value, name) => (out[name] = value));
  else if (Array.isArray(h)) for (const [name, value] of h) out[name!] = value!;
  else Object.assign(out, h);
  return out;
}

/** The body with its content-encodings undone, the last applied first; one not known here leaves it as sent. */
async function decoded(body: Buffer, rawHeaders: string[]): Promise<Buffer> {
  const at = rawHeaders.findIndex((name, i) => i % 2 === 0 && name.toLowerCase() === 'content-encoding');
  if (at < 0 || body.length === 0) return body;
  const codings = rawHeaders[at + 1]!.toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  if (!codings.every((c) => DECODERS[c])) return body;
  let out = body;
  for (const c of codings.reverse()) out = await DECODERS[c]!(out);
  return out;
}
