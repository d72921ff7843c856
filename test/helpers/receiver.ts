import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A real webhook receiver: every request is verified twice, with the npm `standardwebhooks`
 * library and with the design's hex verifier (timing-safe), and recorded with what the receiver
 * answered. `behave` decides each answer (status, delay, headers) from the request; default 200.
 */

export interface Received {
  messageId: string;
  event: string;
  body: { event: string; timestamp: string; data: Record<string, unknown> };
  at: number;
  answered: number | 'timeout';
  standardOk: boolean;
  designOk: boolean;
}
export type Behaviour = { status: number; delayMs?: number; headers?: Record<string, string> } | 'hang';

/** The design's receiver: hex HMAC-SHA256 of the raw body keyed by the secret as given, compared timing-safe. */
export function designVerify(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'));
  const given = Buffer.from(header.replace(/^sha256=/, ''));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function standardVerify(secret: string, body: string, headers: IncomingMessage['headers']): boolean {
  try {
    const wh = secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(secret, { format: 'raw' });
    wh.verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    });
    return true;
  } catch {
    return false;
  }
}

export async function startReceiver(
  opts: { secret?: () => string; behave?: (r: Omit<Received, 'answered' | 'at'>, n: number) => Behaviour } = {},
) {
  const received: Received[] = [];
  let secret = '';
  let behave: (r: Omit<Received, 'answered' | 'at'>, n: number) => Behaviour = opts.behave ?? (() => ({ status: 200 }));
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const key = opts.secret?.() ?? secret;
      const r = {
        messageId: String(req.headers['webhook-id']),
        event: String(req.headers['x-webhook-event']),
        body: JSON.parse(raw) as Received['body'],
        standardOk: standardVerify(key, raw, req.headers),
        designOk: designVerify(key, raw, req.headers['x-webhook-signature'] as string | undefined),
      };
      const b = behave(r, received.length);
      received.push({ ...r, at: Date.now(), answered: b === 'hang' ? 'timeout' : b.status });
      if (b === 'hang') return void hanging.add(res);
      setTimeout(
        () => res.writeHead(b.status, b.headers ?? {}).end(b.status >= 300 ? 'receiver says no' : 'ok'),
        b.delayMs ?? 0,
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    setSecret: (s: string) => void (secret = s),
    setBehaviour: (b: typeof behave) => void (behave = b),
    /** Message ids the receiver accepted (2xx), each counted. */
    accepted: () => received.filter((r) => typeof r.answered === 'number' && r.answered < 300).map((r) => r.messageId),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
