import { INBOX_TABS, type InboxTab } from '../domain/types';
import { fail, ok, str, type SimHandler } from './handler-types';
import type { SimThread } from './inbox-generator';
import { driftView } from './listing-drift';
import { listingRow, lossyRead, messageShape } from './shapes';
import type { World } from './world';

/** Routes that drive the inbox: navigate, list, switch tab, open, read, start a conversation. */
export function inboxHandlers(w: World): Record<string, SimHandler> {
  const flavor = w.flavor;
  /** One listing call: its number feeds HEAD's drift, so the next call shows the rows differently. */
  const listing = () => {
    const n = ++w.listings;
    const drift = flavor === 'head' ? w.listingDrift : null;
    const view = (t: SimThread) => (drift ? driftView(drift, w.seed, n, t.threadId) : undefined);
    return (tab: InboxTab, cap: number) =>
      w.inbox
        .rows(tab)
        .slice(0, cap)
        .map((t) => listingRow(t, w.inbox.visible(t), flavor, view(t)));
  };

  return {
    'POST /api/inbox/navigate': () => {
      // ccf4331 has no session middleware; its login check answers 200 + success:false instead.
      if (!w.session.active) return ok({ success: false, error: 'Not logged in to Instagram' });
      w.inbox.setTab('primary');
      w.inbox.setOpen(null);
      return ok({ success: true, currentUrl: 'https://www.instagram.com/direct/inbox/' });
    },

    // ccf4331 scrapes at most 30 rows of the view; HEAD 50, all of them after scrollMore.
    'GET /api/conversations': ({ query }) => {
      const scrolled = flavor === 'head' && query.scrollMore === 'true';
      const cap = flavor === 'ccf4331' ? 30 : scrolled ? Infinity : 50;
      const conversations = listing()(w.inbox.currentTab(), cap);
      return ok(
        flavor === 'ccf4331'
          ? { conversations, count: conversations.length }
          : { conversations, count: conversations.length, scrolled },
      );
    },

    'GET /api/conversations/all': () => {
      const cap = flavor === 'ccf4331' ? 30 : Infinity;
      const rowsOf = listing();
      const conversations = Object.fromEntries(INBOX_TABS.map((tab) => [tab, rowsOf(tab, cap)]));
      w.inbox.setTab('hidden_requests');
      w.inbox.setOpen(null);
      const totalCount = Object.values(conversations).reduce((n, rows) => n + rows.length, 0);
      return ok({ conversations, totalCount });
    },

    'POST /api/inbox/tab': ({ body }) => {
      const tab = str(body.tab);
      if (!tab) return fail(400, 'tab required');
      if (!(INBOX_TABS as readonly string[]).includes(tab)) return ok({ success: false, tab });
      w.inbox.setTab(tab as InboxTab);
      w.inbox.setOpen(null);
      return ok({ success: true, tab });
    },

    'POST /api/conversations/open': ({ body }) => {
      const username = str(body.username);
      if (!username) return fail(400, 'username required');
      // HEAD navigates to a cached thread id (/direct/t/{id}) rather than clicking a row showing the name.
      const cached = flavor === 'head' ? w.threadRegistry.get(username) : undefined;
      const row = (cached !== undefined ? w.inbox.byThreadId(cached) : undefined) ?? w.inbox.findRow(username);
      if (!row) return ok({ success: false, username });
      w.inbox.setOpen(row);
      // Assumed model of HEAD's thread cache: opening by the handle teaches the server that handle's
      // threadId; by display name it learns no handle, so nothing is cached.
      if (flavor === 'head' && row.username === username.toLowerCase())
        w.threadRegistry.set(row.username, row.threadId);
      return ok({ success: true, username });
    },

    // Reads the open thread, whichever it is; nothing open reads as an empty page.
    'GET /api/messages': ({ query }) => {
      const limit = Number.parseInt(query.limit ?? '', 10) || 20;
      const open = w.inbox.openThread();
      const shown = open ? w.inbox.visible(open) : [];
      const read = w.lossyReads ? lossyRead(shown) : shown;
      const messages = read.slice(-limit).map((m) => messageShape(m, flavor));
      return ok({ messages, count: messages.length });
    },

    'POST /api/conversations/new': ({ body }) => {
      const username = str(body.username);
      if (!username) return fail(400, 'username required');
      const person = w.inbox.person(username);
      if (!person) return ok({ success: false, username });
      w.inbox.setOpen(w.inbox.threadFor(person));
      return ok({ success: true, username });
    },
  };
}
