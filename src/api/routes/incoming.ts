import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { verifyIncoming } from '../../adapters/webhooks/incoming-signature';
import { readIncoming } from '../../domain/incoming-mediaposter';
import { receiveAnnouncement } from '../../app/webhooks/incoming-announcement';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { errorResponses, jsonResponse } from '../schemas/common';

/**
 * MediaPoster tells us a video was posted (the design's `video.posted`, or MediaPoster's own
 * `post.published`) or the schedule changed. No API key: the request proves itself by its
 * signature (WEBHOOK_SECRET), checked over the raw bytes before anything reads them. Each event is
 * recorded once, with its outbox event, however often it is announced, and a posted video starts
 * its outreach workflow, once per video.
 */

const Received = z.object({
  received: z.literal(true),
  event: z.string(),
  duplicate: z
    .boolean()
    .optional()
    .openapi({ description: 'This event was announced before: nothing new was recorded' }),
  ignored: z
    .boolean()
    .optional()
    .openapi({ description: 'An event this CRM does not act on (answered 200, as the original did)' }),
  workflowId: z.string().optional().openapi({
    description:
      "The video's outreach (videoPostedOutreach), started or joined; absent when MediaPoster is not configured or knows no video for the post",
  }),
});

const route = createRoute({
  method: 'post',
  path: '/api/incoming/mediaposter',
  summary: 'MediaPoster announces a posted video or a schedule change (signed, no API key)',
  description:
    "Signed with the account's `incoming_webhook_secret` (the default account: WEBHOOK_SECRET, unless it has its own): `X-Webhook-Signature` = hex HMAC-SHA256 of the raw body (`sha256=` optional), or Standard Webhooks headers. " +
    "`?accountId=` names the account; a request signed with another account's secret is refused. " +
    "Standard Webhooks' signed timestamp must be within 5 minutes; the hex form's (the body's `timestamp`, else `X-Webhook-Timestamp`) within the last 30 minutes, so MediaPoster's retries (300 s and 900 s later, same timestamp) are taken. Body: `{event, data}` (`video.posted` {video_id, platform, title}, " +
    '`schedule.updated`) or MediaPoster\'s `{event: "post.published", timestamp, data: {post_id, platform, post_url, title}, metadata}`.',
  responses: { 200: jsonResponse(Received, 'Received'), ...errorResponses(400, 401, 413, 503) },
});

/** The account's own secret; the default account's, when it has none, is WEBHOOK_SECRET. */
async function signingSecretOf(deps: IncomingRouteDeps, accountId: string): Promise<string | null> {
  const own = await deps.accounts.incomingSecret(accountId);
  if (own) return own;
  return own === null && accountId === deps.config.accountId ? deps.config.incomingSecret : null;
}

/** The ports these routes use (built once in app.ts). */
export type IncomingRouteDeps = RouteDeps<
  'accounts' | 'events' | 'now' | 'postWatch' | 'workflows',
  'accountId' | 'incomingSecret' | 'notConfigured' | 'timing' | 'videoOutreach'
>;

export function registerIncomingRoutes(app: OpenAPIHono<AppEnv>, deps: IncomingRouteDeps) {
  app.openapi(route, async (c) => {
    const accountId = c.get('accountId');
    const raw = await c.req.text();
    // The account comes from the secret that signed the request, never from the URL alone: a
    // captured announcement re-sent with another ?accountId= does not verify there.
    const secret = await signingSecretOf(deps, accountId);
    if (!secret)
      throw new ApiError(
        'UNAUTHORIZED',
        `Webhook refused: account ${accountId} takes no announcements (no incoming_webhook_secret)`,
      );
    const verdict = verifyIncoming(raw, (name) => c.req.header(name), secret, deps.now());
    if (!verdict.ok) throw new ApiError('UNAUTHORIZED', `Webhook refused: ${verdict.reason}`);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new ApiError('VALIDATION_FAILED', 'The body is not JSON');
    }
    const incoming = readIncoming(body);
    if (incoming.kind === 'invalid') throw new ApiError('VALIDATION_FAILED', incoming.message);
    if (incoming.kind === 'ignored')
      return c.json({ received: true as const, event: incoming.event, ignored: true }, 200);
    const ports = { ...deps, mediaPosterConfigured: !deps.config.notConfigured?.includes('mediaposter') };
    const received = await receiveAnnouncement(ports, accountId, incoming, c.get('requestId'));
    const event = (body as { event: string }).event;
    return c.json(
      {
        received: true as const,
        event,
        duplicate: received.duplicate,
        ...(received.workflowId ? { workflowId: received.workflowId } : {}),
      },
      200,
    );
  });
}
