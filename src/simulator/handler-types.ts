/** What a simulated route receives and answers, independent of Hono. */

export interface SimRequest {
  body: Record<string, unknown>;
  query: Record<string, string | undefined>;
  params: Record<string, string | undefined>;
}

/** `raw` is sent as it is (HTML 404 pages, malformed JSON); otherwise `body` as JSON. */
export interface SimReply {
  status: number;
  body?: unknown;
  raw?: string;
}

export type SimHandler = (req: SimRequest) => SimReply;

export const ok = (body: unknown): SimReply => ({ status: 200, body });
export const fail = (status: number, error: string, extra: object = {}): SimReply => ({
  status,
  body: { error, ...extra },
});

/** The real handlers test `!field`: only a missing or empty string is refused, whitespace passes. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
