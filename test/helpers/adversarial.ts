import { encodeCursor, type ContactSort, type SortOrder } from '../../src/adapters/db/contact-query';
import type { Message } from '../../src/domain/types';

/**
 * Input that costs too much: the largest texts the API takes, and texts shaped to make a
 * backtracking regular expression work hard (a question word again and again with no "?", runs of
 * punctuation, `{{` without `}}`, a phrase negated a thousand times). The engine tests assert the
 * answers on them, `npm run bench -- inputs` times them, the malformed-request fuzz sends them.
 */

/** The API's limits (checked against its schemas in test/domain/adversarial-coaching.test.ts). */
export const LIMITS = {
  /** POST /api/coaching/analyze: messages per request, characters per message. */
  coachingMessages: 500,
  messageText: 10_000,
  /** The newest messages coaching and the copilot read for a stored contact. */
  storedMessages: 50,
  /** what_theyre_building, current_friction, their_definition_of_win. */
  contactField: 2_000,
  /** tags and fit_signals: count and length. */
  labels: 50,
  label: 100,
  /** A DM's text or template, and each of its variables. */
  template: 2_000,
  variable: 2_000,
  /** The audience match reads a contact's newest inbound messages, this many. */
  recentInbound: 5,
} as const;

/** `unit` repeated to exactly `length` characters (the last copy cut short). */
export const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** `unit` repeated as often as fits whole in `length - tail.length`, then `tail`. */
export const repeatThen = (unit: string, length: number, tail: string) =>
  unit.repeat(Math.floor((length - tail.length) / unit.length)) + tail;

/** Ordinary chat of the given length: the baseline an adversarial text of the same size is timed against. */
export const ordinary = (length: number) =>
  fill('hey! loved your last video about editing. i batch everything on sundays, it keeps me consistent. ', length);

export function messages(count: number, text: string, direction: 'in' | 'out'): Message[] {
  return Array.from({ length: count }, (_, position) => ({
    position,
    text,
    isOutbound: direction === 'out',
    messageType: 'text' as const,
    sentByAutomation: false,
    sentAt: null,
  }));
}

/** Question words and marks laid out so a `(what|how|why|tell me).+\?` scan restarts everywhere. */
export const COACHING_UNITS = ['how ', 'what ', 'why ', 'tell me ', 'how\nx ', 'your ', '?', 'x'];

/** What sentiment, topic and fit keywords could trip over: stems with nothing after, marks, letters. */
export const CONVERSATION_UNITS = ['frustrat', 'grow', 'automa ', 'automa', '? ', 'é', '_a', 'aA', 'how '];

/** camelCase on every letter, separators everywhere, hashtags run together. */
export const AUDIENCE_UNITS = ['aA', 'a-', 'contentcontent', 'é ', 'A', '#'];

/** Punctuation a clause is trimmed of, spaces, pronouns. */
export const REASON_UNITS = ['.', '. ', '…-', 'i ', 'my '];

/** Openings without closings. */
export const TEMPLATE_UNITS = ['{{', '{{ a', '{{a|', '{{a}', '{'];

/** Phrases the opt-out rule must read and reject again and again, and its regexes' worst shapes. */
export const OPT_OUT_UNITS = [
  "don't stop messaging me ",
  'not interested in x ',
  'i told him to stop messaging me ',
  'stop ',
  'hahah',
  "'a ",
  '"a ',
  'l',
  'stoooop ',
  'why did you stop? ',
];

/** Phrases the intent classifier must read and reject (or take) again and again, and its patterns' worst shapes. */
export const INTENT_UNITS = [
  'not interested in x ',
  "don't love it ",
  'how ',
  '? ',
  'busy ',
  'hmm ',
  'i was ',
  'not ',
  'yes ',
  '🔥',
  'me interesa no ',
  'a. ',
];

/** What learnFromMessage must read and reject again and again: triggers with nothing after, negated, someone else's, quoted. */
export const LEARN_UNITS = [
  "i'm building ",
  "i'm not building x ",
  'my friend is struggling with x ',
  'struggling with your ',
  '"i\'m building x ',
  'still figuring out, ',
  'mein ziel ist es ',
  "i'm building it, ",
  'a, ',
  '¿ ',
];

/**
 * Long runs of one character, for the regex engine's backtrack stack rather than its time: a `+` or
 * a repeated group that V8 compiles without its optimizations keeps an entry for each character.
 */
export const STACK_UNITS = ['a', ' ', '?', 'é', '🔥', '\n', '.'];

/** One unit of each kind, for the fuzz: it sends every one to every string it can. */
export const FUZZ_UNITS = ['how ', '{{', '. ', "don't stop messaging me ", 'aA', '"a ', '?'];

/**
 * Contact-list cursors built the way the encoder builds them, each with a key its sort's column
 * cannot hold (or the database would take, but this server never writes): [label, sort, key, order].
 */
export const MALFORMED_CURSORS: [string, ContactSort, unknown, SortOrder?][] = [
  ['a score of 1e20', 'score', 1e20],
  ['a score of -1e20', 'score', -1e20, 'asc'],
  ['a score past smallint', 'score', 40_000],
  ['a score past 2^53', 'score', 2 ** 53 + 2],
  ['a score above 100', 'score', 101],
  ['a negative score', 'score', -1],
  ['an impossible date', 'recent', '2026-02-30T00:00:00+00:00'],
  ['a thirteenth month', 'recent', '2026-13-01T00:00:00+00:00'],
  ['month 0', 'recent', '2026-00-10T00:00:00+00:00'],
  ['day 32', 'recent', '2026-01-32T00:00:00+00:00', 'asc'],
  ['minute 60', 'created', '2026-11-24T08:60:00Z'],
  ['hour 25', 'created', '2026-11-24T25:00:00+00:00'],
  ['an offset of 99 hours', 'recent', '2026-11-24T08:00:00+99:00'],
  ['year 0', 'created', '0000-01-01T00:00:00+00:00'],
  ['text where a time belongs', 'recent', 'not a time'],
  ['an empty time', 'created', ''],
  ['a time that is a word Postgres knows', 'created', 'infinity'],
  ['a number where a time belongs', 'created', 1_732_435_200],
  ['no time for a sort that always has one', 'created', null],
  ['a NUL in a username', 'username', 'a\u0000b', 'asc'],
  ['an upper-case username', 'username', 'Ana', 'asc'],
  ['a username longer than the column takes', 'username', 'x'.repeat(65), 'asc'],
  ['a lone surrogate', 'username', 'a\ud800', 'asc'],
  ['a boolean', 'score', true],
  ['an object', 'recent', { $gt: 1 }],
];

/** A malformed cursor as a client sends it, with the sort and order it names. */
export function cursorQuery([, sort, value, order = 'desc']: (typeof MALFORMED_CURSORS)[number]): string {
  return `sort=${sort}&order=${order}&cursor=${encodeCursor({ sort, order, value: value as string, id: '00000000-0000-4000-8000-000000000001' })}`;
}
