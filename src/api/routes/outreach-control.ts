import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireAccount } from '../account-scope';
import { pauseAccount, resumeAccount } from '../../app/accounts/account-pause';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { AccountBody, PauseRequest, ProcessResultBody, SenderView } from '../schemas/outreach';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';
import { pacingView } from '../../app/outreach/sender-views';

/**
 * Driving an account's sender by hand: process (release what is ready now, still within every
 * rule), pause and resume. The sender does the work; these routes ask it and report its answer.
 */

const body = <T>(schema: T) => ({ body: { required: false, content: { 'application/json': { schema } } } });
const StillProcessing = z.object({ success: z.boolean(), message: z.string(), pacing: SenderView });
const PacingBody = z.object({ paused: z.boolean(), pacing: SenderView });

const routes = {
  process: createRoute({
    method: 'post',
    path: '/api/outreach/process',
    summary: 'Release the next ready DM now, within every rule; answers what happened or why nothing could be sent',
    security: apiKeySecurity,
    request: body(AccountBody),
    responses: {
      200: jsonResponse(ProcessResultBody, 'What happened'),
      202: jsonResponse(StillProcessing, 'Still sending after the wait'),
      ...errorResponses(400, 401, 404, 503),
    },
  }),
  processAll: createRoute({
    method: 'post',
    path: '/api/outreach/process-all',
    summary: 'Release every ready DM while the rules allow (the gap between DMs usually stops it after one)',
    security: apiKeySecurity,
    request: body(AccountBody),
    responses: {
      200: jsonResponse(ProcessResultBody, 'What happened'),
      202: jsonResponse(StillProcessing, 'Still sending after the wait'),
      ...errorResponses(400, 401, 404, 503),
    },
  }),
  pause: createRoute({
    method: 'post',
    path: '/api/outreach/pause',
    summary: 'Stop sending for the account (until resumed, or until a time)',
    security: apiKeySecurity,
    request: body(PauseRequest),
    responses: { 200: jsonResponse(PacingBody, 'Paused'), ...errorResponses(400, 401, 404, 503) },
  }),
  resume: createRoute({
    method: 'post',
    path: '/api/outreach/resume',
    summary: 'Resume sending (also ends a pause an action block caused)',
    security: apiKeySecurity,
    request: body(AccountBody),
    responses: { 200: jsonResponse(PacingBody, 'Resumed'), ...errorResponses(400, 401, 404, 503) },
  }),
};

/** Bodies are optional on these routes: without one the validator hands over {}. */
const accountFrom = async (c: Context<AppEnv>, given: { accountId?: string } | undefined) =>
  requireAccount(c, given?.accountId ?? c.get('accountId'));

const withoutSnapshot = <T extends { snapshot: unknown }>({ snapshot: _snapshot, ...view }: T) => view;

/** The ports these routes use (built once in app.ts). */
export type OutreachControlRouteDeps = RouteDeps<'accounts' | 'now' | 'outreach' | 'senders', 'outreach'>;

export function registerOutreachControlRoutes(app: OpenAPIHono<AppEnv>, deps: OutreachControlRouteDeps) {
  const processRoute = async (c: Context<AppEnv>, mode: 'one' | 'all', given: { accountId?: string } | undefined) => {
    const account = await accountFrom(c, given);
    const result = await deps.senders.process(account.id, { mode }, deps.config.outreach.dmSendWaitMs);
    if (!result) {
      const pacing = withoutSnapshot(await pacingView(deps, account));
      return c.json(
        { success: false, message: 'Still sending; GET /api/outreach/queue shows the outcome', pacing },
        202,
      );
    }
    const message =
      result.sent > 0
        ? `${result.sent} sent${result.explanation ? `; ${result.explanation}` : ''}`
        : result.explanation || 'nothing was sent';
    return c.json({ success: result.sent > 0, message, ...result }, 200);
  };
  app.openapi(routes.process, (c) => processRoute(c, 'one', c.req.valid('json')));
  app.openapi(routes.processAll, (c) => processRoute(c, 'all', c.req.valid('json')));

  app.openapi(routes.pause, async (c) => {
    const given = c.req.valid('json') ?? {};
    const account = await accountFrom(c, given);
    if (given.until && Date.parse(given.until) <= deps.now())
      throw new ApiError('VALIDATION_FAILED', 'Invalid request body', [
        { path: 'until', message: 'must be in the future' },
      ]);
    const paused = await pauseAccount(deps, account.id, {
      until: given.until ?? null,
      reason: given.reason ?? 'paused by hand',
      by: 'user',
      key: c.get('principal').name,
    });
    await deps.senders.settingsChanged(account.id);
    return c.json({ paused: true, pacing: withoutSnapshot(await pacingView(deps, paused ?? account, 'rules')) }, 200);
  });

  app.openapi(routes.resume, async (c) => {
    const account = await accountFrom(c, c.req.valid('json'));
    const resumed = await resumeAccount(deps, account, c.get('principal').name);
    await deps.senders.settingsChanged(account.id);
    return c.json({ paused: false, pacing: withoutSnapshot(await pacingView(deps, resumed ?? account, 'rules')) }, 200);
  });
}
