import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, RouteDeps } from '../env';
import { apiKeySecurity, errorResponses, jsonResponse, WorkflowStarted } from '../schemas/common';
import { AudiencePreview, VideoIdParam } from '../schemas/mediaposter';
import { outreachVideo, previewAudience, startVideoOutreach } from '../../app/video-outreach/video-outreach-service';
import { startedBody } from '../workflow-responses';
import { WORKFLOW_STATUS_PATH } from './workflows';

/**
 * A posted video's DMs by hand: preview who would get which message and why (nothing is queued),
 * or start the same videoPostedOutreach a webhook or the watcher would start — once per video.
 */

const sec = { security: apiKeySecurity };
const routes = {
  audience: createRoute({
    method: 'post',
    path: '/api/mediaposter/videos/{id}/audience',
    ...sec,
    summary:
      "Preview a video's audience: each chosen contact's score, reasons and exact DM, and who was left out (queues nothing)",
    request: { params: VideoIdParam },
    responses: { 200: jsonResponse(AudiencePreview, 'The audience'), ...errorResponses(400, 401, 404, 409, 503) },
  }),
  outreach: createRoute({
    method: 'post',
    path: '/api/mediaposter/videos/{id}/outreach',
    ...sec,
    summary:
      "Start the video's outreach (videoPostedOutreach): its audience gets personal DMs through the account's sender",
    description: 'One run per video and account: a second call joins the running one or reports the finished one.',
    request: { params: VideoIdParam },
    responses: {
      202: jsonResponse(WorkflowStarted, 'Started (or joined)'),
      ...errorResponses(400, 401, 404, 409, 503),
    },
  }),
};

/** The ports these routes use (built once in app.ts). */
export type VideoOutreachRouteDeps = RouteDeps<'audience' | 'now' | 'videos' | 'workflows', 'timing' | 'videoOutreach'>;

export function registerVideoOutreachRoutes(app: OpenAPIHono<AppEnv>, deps: VideoOutreachRouteDeps) {
  app.openapi(routes.audience, async (c) => {
    const video = await outreachVideo(deps, c.req.valid('param').id);
    return c.json(await previewAudience(deps, c.get('accountId'), video), 200);
  });
  app.openapi(routes.outreach, async (c) => {
    // Checked here first, so a typo is a 404 now rather than a failed run later.
    const video = await outreachVideo(deps, c.req.valid('param').id);
    const started = await startVideoOutreach(deps, {
      accountId: c.get('accountId'),
      videoId: video.id,
      trigger: 'api',
      requestId: c.get('requestId'),
    });
    return c.json(startedBody(c, started, WORKFLOW_STATUS_PATH), 202);
  });
}
