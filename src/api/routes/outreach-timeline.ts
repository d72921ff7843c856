import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { effectivePacing } from '../../domain/outreach';
import { isInWindow } from '../../domain/pacing';
import { AccountQuery, requireAccount } from '../account-scope';
import type { AppEnv, RouteDeps } from '../env';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';
import { SenderView } from '../schemas/outreach';
import { pacingView } from '../../app/outreach/sender-views';

/**
 * An account's last 24 hours of sends beside its caps and its active hours: what the dashboard's
 * timeline draws. The times and windows are computed here, by the same rules the sender uses, so a
 * chart never re-derives pacing.
 */

const STEP_MS = 5 * 60_000;

const Timeline = z
  .object({
    accountId: z.string(),
    from: z.string(),
    to: z.string().openapi({ description: 'Now' }),
    sends: z
      .array(z.string())
      .openapi({ description: 'Each send of the period (sent, sending or under review), oldest first' }),
    perHour: z.number().int().openapi({ description: 'Rolling hourly cap' }),
    dayCap: z.number().int().openapi({ description: 'Rolling 24-hour cap today (the warm-up cap when it binds)' }),
    activeHours: z.object({ start: z.number().int(), end: z.number().int(), timeZone: z.string() }),
    activeWindows: z
      .array(z.object({ from: z.string(), to: z.string() }))
      .openapi({ description: 'The stretches of the period inside active hours (5-minute resolution)' }),
    pacing: SenderView,
  })
  .openapi('OutreachTimeline');

const route = createRoute({
  method: 'get',
  path: '/api/outreach/timeline',
  summary: "The account's sends of the last 24 h against its caps and active hours",
  security: apiKeySecurity,
  request: { query: AccountQuery },
  responses: { 200: jsonResponse(Timeline, 'Timeline'), ...errorResponses(400, 401, 404, 503) },
});

const iso = (ms: number) => new Date(ms).toISOString();

/** The ports these routes use (built once in app.ts). */
export type OutreachTimelineRouteDeps = RouteDeps<'now' | 'outreach' | 'senders', 'outreach'>;

export function registerOutreachTimelineRoutes(app: OpenAPIHono<AppEnv>, deps: OutreachTimelineRouteDeps) {
  app.openapi(route, async (c) => {
    const account = await requireAccount(c);
    const nowMs = deps.now();
    const fromMs = nowMs - 86_400_000;
    const { snapshot, ...view } = await pacingView(deps, account);
    const pacing = effectivePacing(account, deps.config.outreach.defaults);
    const windows: { from: string; to: string }[] = [];
    let openAt: number | null = null;
    // Checked at the start, then on 5-minute marks (every zone's hours begin on one).
    for (let t = fromMs; t < nowMs; t = Math.floor(t / STEP_MS) * STEP_MS + STEP_MS) {
      const open = isInWindow(pacing, t);
      if (open && openAt === null) openAt = t;
      if (!open && openAt !== null) {
        windows.push({ from: iso(openAt), to: iso(t) });
        openAt = null;
      }
    }
    if (openAt !== null) windows.push({ from: iso(openAt), to: iso(nowMs) });
    const sends = snapshot.sendsMs
      .filter((ms) => ms >= fromMs && ms <= nowMs)
      .sort((a, b) => a - b)
      .map(iso);
    return c.json(
      {
        accountId: account.id,
        from: iso(fromMs),
        to: iso(nowMs),
        sends,
        perHour: view.perHour,
        dayCap: view.dayCap,
        activeHours: { start: pacing.activeStartHour, end: pacing.activeEndHour, timeZone: pacing.timeZone },
        activeWindows: windows,
        pacing: view,
      },
      200,
    );
  });
}
