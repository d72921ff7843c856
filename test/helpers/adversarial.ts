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
export const repeatThen = (unit: string, length: number, tail: string) => unit.repeat(Math.floor((length - tail.length) / unit.length)) + tail;

/** Ordinary chat of the given length: the baseline an adversarial text of the same size is timed against. */
export const ordinary = (length: number) =>
  fill('hey! loved your last video about editing. i batch everything on sundays, it keeps me consistent. ', length);

export function messages(count: number, text: string, direction: 'in' | 'out'): Message[] {
  return Array.from({ length: count }, (_, position) => ({ position, text, isOutbound: direction === 'out', messageType: 'text' as const, sentByAutomation: false, sentAt: null }));
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
  "don't stop messaging me ", 'not interested in x ', 'i told him to stop messaging me ', 'stop ', 'hahah', "'a ", '"a ', 'l', 'stoooop ', 'why did you stop? ',
];

/** One text per unit at `length`, for the fuzz: every kind of pressure in one list. */
export function adversarialTexts(length: number): string[] {
  const units = [...COACHING_UNITS, ...CONVERSATION_UNITS, ...AUDIENCE_UNITS, ...REASON_UNITS, ...TEMPLATE_UNITS, ...OPT_OUT_UNITS];
  return [...new Set(units)].map((u) => fill(u, length));
}
