import { ok, type SimHandler } from './handler-types';
import type { World } from './world';

/** Routes that answer from server memory without touching Safari (plus HEAD's profile lookup). */
export function infoHandlers(w: World): Record<string, SimHandler> {
  const hour = () => w.clock.localHour(w.utcOffsetMinutes);
  const rateLimitReport = () => ({ ...w.limiter.counters(), limits: w.limiter.limits() });

  return {
    'GET /health': () =>
      ok({ status: 'ok', timestamp: new Date(w.clock.now()).toISOString(), rateLimits: rateLimitReport() }),

    'GET /api/rate-limits': () => ok({ ...rateLimitReport(), activeHours: w.limiter.activeHours(hour()) }),

    // The real route merges any body unvalidated; the simulator takes the fields it models.
    'PUT /api/rate-limits': ({ body }) => {
      const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
      const current = w.limiter.settings();
      const start = num(body.activeHoursStart) ?? current.activeHours?.start;
      const end = num(body.activeHoursEnd) ?? current.activeHours?.end;
      w.limiter.update({
        perHour: num(body.messagesPerHour) ?? current.perHour,
        perDay: num(body.messagesPerDay) ?? current.perDay,
        activeHours: start === undefined || end === undefined ? null : { start, end },
      });
      return ok({ success: true, rateLimits: w.limiter.limits() });
    },

    'GET /api/status': () =>
      ok({
        isOnInstagram: w.session.active,
        isLoggedIn: w.session.active,
        currentUrl: w.session.active ? 'https://www.instagram.com/direct/inbox/' : 'about:blank',
        driverConfig: { instanceType: 'local', timeout: 30_000, actionDelay: 1_000, verbose: false },
      }),

    'GET /api/session/status': () => {
      const active = w.session.active;
      return ok({
        tracked: active,
        windowIndex: active ? 1 : null,
        tabIndex: active ? 1 : null,
        urlPattern: 'instagram.com',
        lastVerifiedMs: active ? w.clock.now() : null,
        sessionUrlPattern: 'instagram.com',
      });
    },

    'GET /api/profile/:username': ({ params }) => {
      const person = w.inbox.person(params.username ?? '');
      if (!person) return ok({ success: false, error: 'Profile not found', username: params.username });
      const { displayName: fullName, bio, followers, following, posts, isPrivate } = person;
      return ok({
        success: true,
        username: person.username,
        profile: { fullName, bio, followers, following, posts, isPrivate },
      });
    },
  };
}
