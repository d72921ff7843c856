import type { MiddlewareHandler } from 'hono';

/**
 * A route whose JSON body is optional (approve, with or without an edited text) must still take a
 * bare POST that says `content-type: application/json` and sends nothing, as clients of the
 * original server and curl scripts do: the validator would answer "Malformed JSON". Such a request
 * is read as `{}`; a body that is present is left to the validator.
 */
export const emptyJsonBodyAsObject: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (c.req.method === 'POST' && type.toLowerCase().startsWith('application/json')) {
    const text = await c.req.raw.clone().text();
    if (text.trim() === '') c.req.raw = new Request(c.req.raw, { body: '{}' });
  }
  await next();
};
