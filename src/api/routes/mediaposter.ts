import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { fromMediaPoster } from '../../app/video-outreach/mediaposter-reads';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';
import {
  RecentQuery,
  ScheduledPost,
  ScheduleQuery,
  ShareableVideo,
  VideoIdParam,
  VideosQuery,
} from '../schemas/mediaposter';

/**
 * MediaPoster's library and schedule, read only through its data API, in the original server's
 * shapes (`{videos, count}`, `{schedule, count}`). MediaPoster down (or answering rows this CRM
 * cannot read) is a 503 MEDIAPOSTER_UNAVAILABLE, not configured a 503 MEDIAPOSTER_NOT_CONFIGURED;
 * the rest of the API is not affected.
 */

const sec = { security: apiKeySecurity };
const Videos = z.object({ videos: z.array(ShareableVideo), count: z.number().int() });

const routes = {
  videos: createRoute({
    method: 'get',
    path: '/api/mediaposter/videos',
    summary: 'The newest videos of the library',
    ...sec,
    request: { query: VideosQuery },
    responses: { 200: jsonResponse(Videos, 'Videos'), ...errorResponses(400, 401, 503) },
  }),
  video: createRoute({
    method: 'get',
    path: '/api/mediaposter/videos/{id}',
    summary: 'One video with its posts and topics (by videos.id or content_id)',
    ...sec,
    request: { params: VideoIdParam },
    responses: {
      200: jsonResponse(z.object({ video: ShareableVideo }), 'The video'),
      ...errorResponses(401, 404, 503),
    },
  }),
  recent: createRoute({
    method: 'get',
    path: '/api/mediaposter/recent',
    summary: 'Videos with a post that went live in the last `hours`',
    ...sec,
    request: { query: RecentQuery },
    responses: { 200: jsonResponse(Videos, 'Videos'), ...errorResponses(400, 401, 503) },
  }),
  schedule: createRoute({
    method: 'get',
    path: '/api/mediaposter/schedule',
    summary: 'Posts still to go out, soonest first',
    ...sec,
    request: { query: ScheduleQuery },
    responses: {
      200: jsonResponse(z.object({ schedule: z.array(ScheduledPost), count: z.number().int() }), 'The schedule'),
      ...errorResponses(400, 401, 503),
    },
  }),
};

/** The ports these routes use (built once in app.ts). */
export type MediaPosterRouteDeps = RouteDeps<'now' | 'videoListing' | 'videos', never>;

export function registerMediaPosterRoutes(app: OpenAPIHono<AppEnv>, deps: MediaPosterRouteDeps) {
  app.openapi(routes.videos, async (c) => {
    const videos = await fromMediaPoster(() => deps.videoListing.latest(c.req.valid('query').limit));
    return c.json({ videos, count: videos.length }, 200);
  });
  app.openapi(routes.video, async (c) => {
    const video = await fromMediaPoster(() => deps.videos.shareableVideo(c.req.valid('param').id));
    if (!video) throw new ApiError('NOT_FOUND', 'MediaPoster has no video or post under this id');
    return c.json({ video }, 200);
  });
  app.openapi(routes.recent, async (c) => {
    const { hours, limit } = c.req.valid('query');
    const since = new Date(deps.now() - hours * 3_600_000).toISOString();
    const videos = await fromMediaPoster(() => deps.videoListing.recent(since, limit));
    return c.json({ videos, count: videos.length }, 200);
  });
  app.openapi(routes.schedule, async (c) => {
    const schedule = await fromMediaPoster(() => deps.videoListing.schedule(c.req.valid('query').limit));
    return c.json({ schedule, count: schedule.length }, 200);
  });
}
