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

  const visible = (t: SimThread): SimMessage[] => t.messages.filter((m) => m.atMs <= clock.now());
  const lastAt = (t: SimThread) => visible(t).at(-1)?.atMs ?? -Infinity;

  /** The rows of a tab, newest activity first; a thread appears once it has a visible message. */
  function rows(tab: InboxTab): SimThread[] {
    return threads.filter((t) => t.tab === tab && visible(t).length > 0).sort((a, b) => lastAt(b) - lastAt(a));
  }

  /**
   * The row `POST /api/conversations/open` would click. ccf4331 matches the avatar alt text by
   * substring (so "ann" can open "joanna"); HEAD matches the handle or the shown name exactly.
   */
  function findRow(query: string): SimThread | undefined {
    const q = query.toLowerCase();
    const ordered = (['primary', 'general', 'requests', 'hidden_requests'] as const).flatMap(rows);
    if (flavor === 'ccf4331') return ordered.find((t) => t.username.includes(q));
    return ordered.find((t) => t.username === q || t.displayName.toLowerCase() === q);
  }

  const byHandle = (username: string) => threads.find((t) => t.username === username);

  /** The person's thread, started if there is none: our first message puts it in primary. */
  function threadFor(person: SimPerson, tab: InboxTab = 'primary'): SimThread {
    const existing = byHandle(person.username);
    if (existing) return existing;
    const created: SimThread = {
      username: person.username,
      displayName: person.displayName,
      threadId: `3402823669${String(threads.length).padStart(8, '0')}`,
      tab,
      listsDisplayName: false,
      messages: [],
    };
    threads.push(created);
    return created;
  }

  /** Someone writes to us; a stranger lands in requests, as on Instagram. */
  function addInbound(username: string, text: string, atMs = clock.now()): SimThread {
    let person = people.get(username);
    if (!person) {
      person = { username, displayName: username, bio: '', followers: '0', following: '0', posts: '0', isPrivate: false };
      people.set(username, person);
    }
    const thread = threadFor(person, 'requests');
    thread.messages.push({ text, isOutbound: false, atMs });
    thread.messages.sort((a, b) => a.atMs - b.atMs);
    return thread;
  }

  return {
    rows,
    visible,
    findRow,
    threadFor,
    addInbound,
    person: (username: string) => people.get(username),
    threads: () => threads,
    currentTab: () => currentTab,
    setTab: (tab: InboxTab) => void (currentTab = tab),
    openThread: () => open,
    setOpen: (t: SimThread | null) => void (open = t),
  };
}

export type Inbox = ReturnType<typeof createInbox>;
