import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The piece of Supabase's API gateway that supabase-js relies on: the data API under `/rest/v1`,
 * open only to requests carrying one of the project's keys in `apikey` (as Supabase's gateway does).
 */

export interface GatewayOptions {
  postgrestUrl: string;
  keys: string[];
  port: number;
  host?: string;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

const REST_PREFIX = '/rest/v1';

function reject(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message }));
}

function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.apikey;
  return (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey') ?? undefined;
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL, apiKey: string) {
  const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: target.host };
  delete headers.apikey;
  headers.authorization ??= `Bearer ${apiKey}`;
  const upstream = request(target, { method: req.method, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) reject(res, 502, 'The data API is not reachable');
    else res.destroy();
  });
  req.pipe(upstream);
}

export async function startSupabaseGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const keys = new Set(opts.keys);
  const upstreamBase = new URL(opts.postgrestUrl);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (!url.pathname.startsWith(REST_PREFIX)) return reject(res, 404, 'no Route matched with those values');
    const apiKey = apiKeyOf(req, url);
    if (!apiKey) return reject(res, 401, 'No API key found in request');
    if (!keys.has(apiKey)) return reject(res, 401, 'Invalid API key');
    url.searchParams.delete('apikey');
    const path = url.pathname.slice(REST_PREFIX.length) || '/';
    forward(req, res, new URL(`${path}${url.search}`, upstreamBase), apiKey);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
