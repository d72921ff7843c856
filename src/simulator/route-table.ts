import type { Flavor } from './inbox';

/**
 * The Safari server's routes the simulator speaks, with what the real server does around each one:
 * its typical duration per version (safari-api.md §1.3/§1.4), whether it drives the browser, whether
 * HEAD's session middleware guards it, and whether the send rate limiter applies.
 */

export interface RouteSpec {
  id: string;
  method: 'GET' | 'POST' | 'PUT';
  /** Typical duration at latencyScale 1, in ms, for [ccf4331, head]. */
  latencyMs: [number, number];
  browser: boolean;
  session: boolean;
  limited: boolean;
  /** Absent from ccf4331: Express answers its HTML 404 page there. */
  headOnly?: boolean;
}

const info = (id: string, method: RouteSpec['method'] = 'GET', headOnly = false): RouteSpec => ({
  id,
  method,
  latencyMs: [2, 2],
  browser: false,
  session: false,
  limited: false,
  headOnly,
});
const drive = (
  id: string,
  method: RouteSpec['method'],
  latencyMs: [number, number],
  extra: Partial<RouteSpec> = {},
): RouteSpec => ({
  id,
  method,
  latencyMs,
  browser: true,
  session: true,
  limited: false,
  ...extra,
});

export const ROUTES: RouteSpec[] = [
  info('/health'),
  info('/api/rate-limits'),
  info('/api/rate-limits', 'PUT'),
  { ...info('/api/status'), latencyMs: [300, 300] },
  info('/api/session/status', 'GET', true),
  drive('/api/inbox/navigate', 'POST', [5_000, 4_500]),
  drive('/api/conversations', 'GET', [1_500, 3_000]),
  drive('/api/conversations/all', 'GET', [13_000, 60_000]),
  drive('/api/inbox/tab', 'POST', [2_500, 4_500]),
  drive('/api/conversations/open', 'POST', [3_000, 2_500]),
  drive('/api/messages', 'GET', [400, 400]),
  drive('/api/messages/send', 'POST', [4_000, 5_000], { limited: true }),
  drive('/api/conversations/new', 'POST', [7_000, 7_000]),
  drive('/api/messages/send-to', 'POST', [8_000, 24_000], { limited: true }),
  drive('/api/profile/:username', 'GET', [10_000, 10_000], { headOnly: true }),
  info('/api/threads/register', 'POST', true),
  info('/api/threads', 'GET', true),
  info('/api/threads/:username', 'GET', true),
];

export function latencyOf(spec: RouteSpec, flavor: Flavor, scale: number): number {
  return Math.round(spec.latencyMs[flavor === 'ccf4331' ? 0 : 1] * scale);
}
