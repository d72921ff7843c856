import { INBOX_TABS, type InboxTab } from '../domain/types';
import * as p from './phrases';
import { createRng, type Rng } from './prng';

/**
 * A seeded, deterministic Instagram inbox. Messages carry a simulated time; those later than the
 * start are replies "still to come", which appear as the simulated clock passes them.
 */

export interface SimMessage {
  text: string;
  isOutbound: boolean;
  atMs: number;
  /** The rare time label Instagram shows above a message; most messages have none. */
  shownTime?: string;
}

export interface SimThread {
  username: string;
  displayName: string;
  threadId: string;
  tab: InboxTab;
  /** HEAD's listing shows the first text in a row, usually the display name, not the handle. */
  listsDisplayName: boolean;
  messages: SimMessage[];
}

export interface SimPerson {
  username: string;
  displayName: string;
  bio: string;
  followers: string;
  following: string;
  posts: string;
  isPrivate: boolean;
  /** HEAD lists a thread this person starts by display name (people added by a test control). */
  listsDisplayName?: boolean;
}

export interface SimInbox {
  threads: SimThread[];
  /** Everyone send-to can reach: the thread owners plus people not messaged yet. */
  people: SimPerson[];
}

export interface InboxOptions {
  seed: number;
  conversations: number;
  startMs: number;
  /** Share of threads awaiting our reply's answer that get one scheduled after the start. */
  replyChance?: number;
  /** Messages per thread before repeats and replies are added, [min, max]; default [1, 10]. */
  messagesPerThread?: [number, number];
}

const TAB_WEIGHTS: [InboxTab, number][] = [
  ['primary', 0.5],
  ['general', 0.25],
  ['requests', 0.2],
  ['hidden_requests', 0.05],
];
const MINUTE = 60_000;

export function generateInbox(o: InboxOptions): SimInbox {
  const rng = createRng(o.seed);
  const people: SimPerson[] = [];
  const total = o.conversations + Math.ceil(o.conversations / 2);
  for (let i = 0; i < total; i++) people.push(makePerson(rng, people, i));
  const threads = people.slice(0, o.conversations).map((person) => makeThread(rng, person, o));
  return { threads, people };
}

function makePerson(rng: Rng, taken: SimPerson[], index: number): SimPerson {
  const first = rng.pick(p.FIRST_NAMES);
  const full = `${first} ${rng.pick(p.LAST_NAMES)}`;
  // Two people in one inbox rarely share a display name; the small name lists would make it common.
  const displayName = taken.some((t) => t.displayName === full) ? `${full} ${index}` : full;
  return {
    username: uniqueHandle(rng, first.toLowerCase(), taken, index),
    displayName,
    bio: rng.pick(p.BIOS),
    followers: rng.chance(0.3) ? `${rng.int(10, 99)}.${rng.int(0, 9)}K` : String(rng.int(80, 9999)),
    following: String(rng.int(50, 2000)),
    posts: String(rng.int(0, 800)),
    isPrivate: rng.chance(0.15),
  };
}

/** No handle is a substring of another, so ccf4331's substring match only bites when a test wants it. */
function uniqueHandle(rng: Rng, first: string, taken: SimPerson[], index: number): string {
  const clash = (h: string) => taken.some((t) => t.username.includes(h) || h.includes(t.username));
  const base = `${first}${rng.pick(['.', '_', ''])}${rng.pick(p.HANDLE_WORDS)}`;
  for (let attempt = 0; attempt < 20; attempt++) {
    const handle = attempt === 0 ? base : `${base}${rng.int(10, 999)}`;
    if (!clash(handle)) return handle;
  }
  // Crowded name space: a shape no other handle has (every other one contains a handle word).
  for (let n = index; ; n++) if (!clash(`${first}${n}x`)) return `${first}${n}x`;
}

function makeThread(rng: Rng, person: SimPerson, o: InboxOptions): SimThread {
  const [min, max] = o.messagesPerThread ?? [1, 10];
  const count = rng.int(min, max);
  let at = o.startMs - rng.int(10, 60 * 24 * 20) * MINUTE;
  const backwards: SimMessage[] = [];
  for (let i = 0; i < count; i++) {
    const isOutbound = i === count - 1 ? true : rng.chance(0.45);
    backwards.push(message(rng, rng.pick(isOutbound ? p.OUTBOUND_TEXTS : p.INBOUND_TEXTS), isOutbound, at));
    at -= rng.int(1, 60 * 48) * MINUTE;
  }
  const messages = backwards.reverse();
  if (rng.chance(0.3)) addRepeat(rng, messages);
  const last = messages[messages.length - 1];
  if (last?.isOutbound && rng.chance(o.replyChance ?? 0.35)) {
    messages.push(message(rng, rng.pick(p.REPLY_TEXTS), false, o.startMs + rng.int(2, 240) * MINUTE));
  }
  return {
    username: person.username,
    displayName: person.displayName,
    threadId: `3402823668417${rng.int(10_000_000, 99_999_999)}`,
    tab: weightedTab(rng),
    listsDisplayName: rng.chance(0.7),
    messages,
  };
}

/** The same short text said again later in the thread, e.g. "ok" … "ok". */
function addRepeat(rng: Rng, messages: SimMessage[]): void {
  const text = rng.pick(p.REPEATABLE_TEXTS);
  const first = messages[0];
  if (!first) return;
  const isOutbound = rng.chance(0.3);
  messages.splice(0, 0, message(rng, text, isOutbound, first.atMs - 5 * MINUTE));
  const at = rng.int(1, messages.length - 1);
  const before = messages[at - 1]!.atMs;
  messages.splice(at, 0, message(rng, text, isOutbound, before + 1_000));
}

function message(rng: Rng, text: string, isOutbound: boolean, atMs: number): SimMessage {
  if (!rng.chance(0.1)) return { text, isOutbound, atMs };
  const shownTime = new Date(atMs).toLocaleString('en-US', {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  return { text, isOutbound, atMs, shownTime };
}

function weightedTab(rng: Rng): InboxTab {
  let roll = rng.next();
  for (const [tab, weight] of TAB_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return tab;
  }
  return INBOX_TABS[0];
}
