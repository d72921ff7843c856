import type { InboxTab } from '../domain/types';
import type { SimInbox, SimMessage, SimPerson, SimThread } from './inbox-generator';
import type { SimClock } from './sim-clock';

/**
 * The Instagram side as the Safari server sees it: threads, the tab in view and the one open
 * thread. Messages stamped later than the simulated clock have not arrived yet.
 */

export type Flavor = 'ccf4331' | 'head';

export function createInbox(data: SimInbox, clock: SimClock, flavor: Flavor) {
  const threads = data.threads.map((t) => ({ ...t, messages: [...t.messages] }));
  const people = new Map(data.people.map((p) => [p.username, p]));
  let currentTab: InboxTab = 'primary';
  let open: SimThread | null = null;

  // Messages are kept in time order, so what has arrived is a prefix: find its end from the back
  // (almost every message has arrived) instead of filtering, which matters for 2,000-thread inboxes.
  const arrived = (t: SimThread): number => {
    const now = clock.now();
    let end = t.messages.length;
    while (end > 0 && t.messages[end - 1]!.atMs > now) end -= 1;
    return end;
  };
  const visible = (t: SimThread): SimMessage[] => t.messages.slice(0, arrived(t));
  const lastAt = (t: SimThread) => {
    const end = arrived(t);
    return end > 0 ? t.messages[end - 1]!.atMs : -Infinity;
  };
  const TAB_ORDER: readonly InboxTab[] = ['primary', 'general', 'requests', 'hidden_requests'];

  /** The rows of a tab, newest activity first; a thread appears once it has a visible message. */
  function rows(tab: InboxTab): SimThread[] {
    return threads.filter((t) => t.tab === tab && arrived(t) > 0).sort((a, b) => lastAt(b) - lastAt(a));
  }

  /**
   * The row `POST /api/conversations/open` would click. ccf4331 matches the avatar alt text by
   * substring (so "ann" can open "joanna"); HEAD matches the handle or the shown name exactly.
   */
  function findRow(query: string): SimThread | undefined {
    const q = query.toLowerCase();
    const matches = (t: SimThread) =>
      flavor === 'ccf4331' ? t.username.includes(q) : t.username === q || t.displayName.toLowerCase() === q;
    // Same answer as scanning the whole ordered listing, but only the few matching rows get ordered.
    const candidates = threads.filter((t) => matches(t) && arrived(t) > 0);
    const rank = (t: SimThread) => TAB_ORDER.indexOf(t.tab);
    return candidates.sort((a, b) => rank(a) - rank(b) || lastAt(b) - lastAt(a))[0];
  }

  const byHandle = (username: string) => threads.find((t) => t.username === username);
  const byThreadId = (threadId: string) => threads.find((t) => t.threadId === threadId);

  /** The person's thread, started if there is none: our first message puts it in primary. */
  function threadFor(person: SimPerson, tab: InboxTab = 'primary'): SimThread {
    const existing = byHandle(person.username);
    if (existing) return existing;
    const created: SimThread = {
      username: person.username,
      displayName: person.displayName,
      threadId: `3402823669${String(threads.length).padStart(8, '0')}`,
      tab,
      listsDisplayName: person.listsDisplayName ?? false,
      messages: [],
    };
    threads.push(created);
    return created;
  }

  /** Someone writes to us; a stranger lands in requests, as on Instagram. */
  function addInbound(username: string, text: string, atMs = clock.now()): SimThread {
    let person = people.get(username);
    if (!person) {
      person = {
        username,
        displayName: username,
        bio: '',
        followers: '0',
        following: '0',
        posts: '0',
        isPrivate: false,
      };
      people.set(username, person);
    }
    const thread = threadFor(person, 'requests');
    thread.messages.push({ text, isOutbound: false, atMs });
    thread.messages.sort((a, b) => a.atMs - b.atMs);
    return thread;
  }

  /**
   * Someone new on Instagram with a display name of their choosing, which may be another person's
   * handle: anyone can set that. False when the handle is taken.
   */
  function addPerson(p: { username: string; displayName: string }): boolean {
    if (people.has(p.username)) return false;
    people.set(p.username, {
      ...p,
      bio: '',
      followers: '0',
      following: '0',
      posts: '0',
      isPrivate: false,
      listsDisplayName: true,
    });
    return true;
  }

  return {
    rows,
    visible,
    findRow,
    byThreadId,
    threadFor,
    addInbound,
    addPerson,
    person: (username: string) => people.get(username),
    threads: () => threads,
    currentTab: () => currentTab,
    setTab: (tab: InboxTab) => void (currentTab = tab),
    openThread: () => open,
    setOpen: (t: SimThread | null) => void (open = t),
  };
}

export type Inbox = ReturnType<typeof createInbox>;
