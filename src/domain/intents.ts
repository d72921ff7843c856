import { asksToStop, fold } from './opt-out';
import {
  CONDITIONS,
  DISMISSIVE,
  DISMISSIVE_EMOJI,
  EXCLAIMING,
  INTERESTED_EMOJI,
  INTERESTED_PHRASES,
  LEADING,
  NEGATIONS,
  NOT_NOW_PHRASES,
  OBJECTIONS,
  POLITE_CONDITIONS,
  QUESTION_EMOJI,
  QUESTION_OPENERS,
  QUESTION_PHRASES,
  SHORT_FILLERS,
  SHORT_LATER,
  SHORT_YES,
  WHETHER,
} from './intent-phrases';

/**
 * What a person meant by an inbound message: the intent a creator would give it, with the phrase
 * that decided it, so every label can be explained. Pure and deterministic. First that applies:
 *
 * 1. opt_out: exactly issue 14's rule (`asksToStop`), so "not interested right now" is an opt-out
 *    and "not interested right now, maybe later" is not_now, as that rule reads them.
 * 2. question: a sentence ending in "?" (or opened by "¿"), asking by its words ("how much",
 *    "cuánto cuesta", "wie viel", "quick question"), or opened like a question ("is it free") and
 *    not an exclamation. Asked with interest ("love it, how much?") it is still a question: the
 *    reply must answer it first, unless it asks by "?" or its opening only and carries a "later"
 *    ("maybe later?", "busy this week, can we talk monday?"): then it is not_now.
 * 3. not_now: a "later" ("not now", "busy this week", "ahora no", "agora não", "gerade nicht").
 * 4. interested: an interest phrase ("sounds great", "send it", "me interesa", "bin dabei"), not
 *    negated nor under a condition or a price objection ("I'd be interested if it was cheaper",
 *    "me interesaría si…", "interested but too pricey"), in a
 *    message with no sarcasm (🙄, "yeah right"); a request for the link or the guide ("drop the link",
 *    "manda o link", "schick mir den Link"); a reply that is only a yes ("yes!!",
 *    "claro", "na klar"); 🔥 🙌 😍 and the like with at most a few words.
 * 5. other: acknowledgements ("ok", "thanks", 👍), compliments, stories, "no thanks" (issue 14
 *    keeps a bare decline from silencing anyone).
 *
 * Matching runs over folded words (opt-out.ts's `fold`), sentence by sentence, with alternations
 * of literal phrases only: time linear in the text (bench/input-cost.ts).
 */

export const INTENTS = ['interested', 'question', 'not_now', 'opt_out', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export interface IntentReading {
  intent: Intent;
  /**
   * The words of the message that decided it (folded, as `foldedWords` gives them: "how much",
   * "me interesa"), or a named rule for what has no words: `emoji: 🔥`, `question mark`; `""` for other.
   */
  reason: string;
}

/** The named rules a reason may be instead of the message's own words. */
export const RULE_REASONS = ['emoji: ', 'question mark'] as const;

const bounded = (pattern: string) => new RegExp(`(?<=^| )(?:${pattern})(?= |$)`, 'g');
const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const QUESTION = bounded(QUESTION_PHRASES);
const NOT_NOW = bounded(NOT_NOW_PHRASES);
const INTERESTED = bounded(INTERESTED_PHRASES);
const SARCASM = bounded(DISMISSIVE);
/** A condition with a word after it that is no politeness: "if it was cheaper", not "if you can", not "see if". */
const CONDITION = new RegExp(
  `(?<=^| )(?<!(?:^| )(?:${WHETHER}) )(?:${CONDITIONS}) (?!(?:${POLITE_CONDITIONS})(?: |$))`,
);
const OBJECTION = new RegExp(`(?<=^| )(?:${OBJECTIONS})(?= |$)`);
const OPENER = new RegExp(`^(?:${QUESTION_OPENERS})(?= |$)`);
/** Up to three yeses in a row ("ouais grave", "sure why not"): a bounded repeat, so still linear. */
const ONLY_YES = whole(`(?:${SHORT_YES})(?: (?:${SHORT_YES})){0,2}`);
const ONLY_LATER = whole(SHORT_LATER);
/** Links carry "?" and "." that are no sentence's end. */
const LINK = /\b(?:https?:\/\/|www\.)\S*/g;
const EMOJI_FOUND = new RegExp(`${INTERESTED_EMOJI.source}\u{FE0F}?`, 'u');
/** How many words an interested emoji may stand beside and still decide ("omg 🔥🔥", "this is 🔥"). */
const EMOJI_WORDS = 3;
const QUOTE_WORDS = 8;

interface Sentence {
  words: string;
  question: boolean;
}

/** Lower case, no accents, no apostrophes, anything but letters and digits a single space. */
export function foldedWords(text: string): string {
  return words(fold(text));
}

const words = (folded: string) =>
  folded
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function sentences(text: string): Sentence[] {
  const parts = fold(text)
    .replace(LINK, ' link ')
    .split(/([.!?;\n¡¿…]+)/);
  const out: Sentence[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const w = words(parts[i]!);
    if (!w) continue;
    const after = parts[i + 1] ?? '';
    // A clause after a comma may open the question too: "hmm interesting, what is it exactly".
    const opens = parts[i]!.split(',').some((clause) => opensQuestion(words(clause)));
    const asked = after.includes('?') || (parts[i - 1] ?? '').includes('¿') || (opens && !after.includes('!'));
    out.push({ words: w, question: asked && firstPhrase([{ words: w, question: true }], NOT_NOW) === null });
  }
  return out;
}

/** Opened like a question, after a "hmm" or "wait" or two, and not like an exclamation ("what a reel"). */
function opensQuestion(w: string): boolean {
  let from = 0;
  for (let n = 0; n < 2 && LEADING.has(wordAt(w, from)); n++) from += wordAt(w, from).length + 1;
  const opener = OPENER.exec(w.slice(from, from + 40));
  if (!opener) return false;
  // Only a one-word opener can open an exclamation ("what a reel"); "are you a bot" asks.
  return opener[0].includes(' ') || !EXCLAIMING.has(wordAt(w, from + opener[0].length + 1));
}

export function classifyIntent(text: string): IntentReading {
  const stop = asksToStop(text);
  if (stop) return { intent: 'opt_out', reason: stop.matched };
  const all = sentences(text);
  const question = asked(text, all);
  if (question) return { intent: 'question', reason: question };
  const plain = shortWords(all);
  const later = firstPhrase(all, NOT_NOW) ?? (ONLY_LATER.test(plain) ? plain : null);
  if (later) return { intent: 'not_now', reason: later };
  if (SARCASM.test(all.map((s) => s.words).join(' . ')) || DISMISSIVE_EMOJI.test(text)) return OTHER;
  const unconditional = all.filter((s) => !CONDITION.test(s.words) && !OBJECTION.test(s.words));
  const interest =
    firstPhrase(unconditional, INTERESTED) ?? (ONLY_YES.test(plain) ? plain : null) ?? emojiInterest(text, plain);
  if (interest) return { intent: 'interested', reason: interest };
  return OTHER;
}

const OTHER: IntentReading = { intent: 'other', reason: '' };

/** The phrase that asks, else the first question's opening words, else "question mark" for a bare "?" or ❓. */
function asked(text: string, all: Sentence[]): string | null {
  const phrase = firstPhrase(all, QUESTION);
  if (phrase) return phrase;
  const q = all.find((s) => s.question);
  if (q) return q.words.split(' ', QUOTE_WORDS).join(' ');
  const bare = all.length === 0 && (/[?¿]/.test(text) || QUESTION_EMOJI.test(text));
  return bare ? 'question mark' : null;
}

/** The first match not negated by the word right before it ("not", "no", "kein") or after it ("nicht", "pas"). */
function firstPhrase(all: Sentence[], pattern: RegExp): string | null {
  for (const s of all) {
    // exec on the shared pattern, not matchAll: matchAll copies the regex, per sentence of thousands.
    pattern.lastIndex = 0;
    for (let m = pattern.exec(s.words); m; m = pattern.exec(s.words)) {
      const previous = m.index === 0 ? '' : wordAt(s.words, s.words.lastIndexOf(' ', m.index - 2) + 1);
      const next = wordAt(s.words, m.index + m[0].length + 1);
      const opensNegated = NEGATIONS.has(m[0].split(' ', 1)[0]!);
      if (!opensNegated && (NEGATIONS.has(previous) || next === 'nicht' || next === 'pas')) continue;
      return m[0];
    }
  }
  return null;
}

/** The word starting at `from` (words are one space apart): never a copy of the rest, so many matches stay linear. */
function wordAt(text: string, from: number): string {
  if (from >= text.length) return '';
  const end = text.indexOf(' ', from);
  return text.slice(from, end === -1 ? text.length : end);
}

/** The whole message without fillers or repeats: "yes yes yes please!!" → "yes"; "" when it is all filler. */
function shortWords(all: Sentence[]): string {
  const meaningful = all.flatMap((s) => s.words.split(' ')).filter((w) => !SHORT_FILLERS.has(w));
  return meaningful.filter((w, i) => w !== meaningful[i - 1]).join(' ');
}

function emojiInterest(text: string, plain: string): string | null {
  const emoji = EMOJI_FOUND.exec(text);
  if (!emoji || plain.split(' ').length > EMOJI_WORDS) return null;
  return `emoji: ${emoji[0]}`;
}
