import { fail, ok, str, type SimHandler } from './handler-types';
import type { SimThread } from './inbox-generator';
import type { World } from './world';

/**
 * The two sending routes. Rate-limit checks happen before them (route pipeline); here a successful
 * send lands in the thread and the ledger and moves the counters, as only success does on the real server.
 */
export function sendHandlers(w: World): Record<string, SimHandler> {
  function deliver(thread: SimThread, text: string, route: string) {
    const atMs = w.clock.now();
    thread.messages.push({ text, isOutbound: true, atMs });
    w.ledger.recordSend({ username: thread.username, text, atMs, route });
    w.limiter.record(atMs);
    return w.limiter.counters();
  }

  /**
   * ccf4331 first clicks a visible row whose alt text contains the name (substring), then falls back
   * to compose-new. HEAD goes to the exact profile first, then to a listed row showing that text
   * (how a display name still reaches its thread), reporting which strategy worked.
   */
  function target(username: string): { thread: SimThread; strategy: 'profile' | 'inbox' } | undefined {
    const person = w.inbox.person(username);
    const row = w.inbox.findRow(username);
    if (w.flavor === 'ccf4331' && row) return { thread: row, strategy: 'inbox' };
    if (person) return { thread: w.inbox.threadFor(person), strategy: 'profile' };
    return row ? { thread: row, strategy: 'inbox' } : undefined;
  }

  return {
    'POST /api/messages/send-to': ({ body }) => {
      const username = str(body.username);
      const text = str(body.text);
      if (!username || !text) return fail(400, 'username and text required');
      const found = target(username);
      if (!found) {
        return w.flavor === 'ccf4331'
          ? fail(404, 'Could not open or create conversation')
          : fail(404, 'Could not open or create conversation after all strategies', {
              profileError: 'Profile not found',
              username,
            });
      }
      const { thread, strategy } = found;
      w.inbox.setOpen(thread);
      const rateLimits = deliver(thread, text, '/api/messages/send-to');
      if (w.flavor === 'ccf4331') return ok({ success: true, username, rateLimits });
      // Assumed model of HEAD's thread cache: a send that reached the handle's own thread remembers its id.
      if (thread.username === username) w.threadRegistry.set(username, thread.threadId);
      if (strategy === 'inbox') return ok({ success: true, username, strategy, rateLimits });
      return ok({ success: true, verified: true, verifiedRecipient: thread.username, username, strategy, rateLimits });
    },

    'POST /api/messages/send': ({ body }) => {
      const text = str(body.text);
      if (!text) return fail(400, 'text required');
      const username = str(body.username);
      if (username) {
        const row = w.inbox.findRow(username);
        if (!row) return fail(404, 'Could not find conversation');
        w.inbox.setOpen(row);
      }
      const open = w.inbox.openThread();
      if (!open) return ok({ success: false, error: 'Could not find message input', rateLimits: w.limiter.counters() });
      return ok({ success: true, rateLimits: deliver(open, text, '/api/messages/send') });
    },
  };
}
