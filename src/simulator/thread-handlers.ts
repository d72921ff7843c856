import { fail, ok, str, type SimHandler } from './handler-types';
import type { World } from './world';

/**
 * HEAD's thread registry: an in-memory username → threadId map any client may fill, answered without
 * touching Safari. The simulator also fills it on open-by-handle and send-to (see those handlers).
 */
export function threadHandlers(w: World): Record<string, SimHandler> {
  return {
    'POST /api/threads/register': ({ body }) => {
      const username = str(body.username);
      const threadId = str(body.threadId);
      if (!username || !threadId) return fail(400, 'username and threadId required');
      w.threadRegistry.set(username, threadId);
      return ok({ success: true, username, threadId });
    },

    'GET /api/threads': () => ok({ threads: Object.fromEntries(w.threadRegistry) }),

    'GET /api/threads/:username': ({ params }) => {
      const username = params.username ?? '';
      const threadId = w.threadRegistry.get(username);
      return threadId === undefined ? fail(404, 'Thread not found', { username }) : ok({ username, threadId });
    },
  };
}
