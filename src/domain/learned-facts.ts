import { LEARN_PATTERNS, type LearnPattern } from './learned-patterns';
import { fold, lastWords, quotedMask, sentences, spaced, type Sentence } from './learned-text';
import {
  DANGLING,
  CONJUNCTIONS,
  FIRST_PERSON_LEAD,
  FIT_KEYWORDS,
  LEADING_FILLERS,
  NEGATED_VALUE,
  NEGATORS,
  NOT_A_THING,
  NOT_GOALS,
  REPORTING,
  SECOND_PERSON,
  VOID_VALUES,
} from './learned-words';

/**
 * What people tell us about themselves in their messages, as contact fields: what they are
 * building, what they struggle with, what a win would be, and fit signals. Each fact keeps the
 * sentence that taught it. Pure and deterministic.
 *
 * A fact is a trigger phrase (learned-patterns.ts, in English, Spanish, Portuguese, French and
 * German) followed by its value, up to the end of the clause: "I am building a small app for gyms,
 * still figuring out pricing" teaches building "a small app for gyms" and friction "pricing" (the
 * thing they are figuring out, without the verb, which the pattern keeps: "still figuring out …").
 * Nothing is learned from a question ("are you building…?", "I'm stuck on pricing?"), someone else
 * ("my friend is struggling with…", "he says I'm building…"), a negation ("I'm not building X
 * anymore"), words in double quotes, or a value about us ("I want to work with you"). Each text
 * field is learned once per message (the first); fit signals are the product keywords of
 * fit-signals.ts found in the values learned.
 */

export const LEARNABLE_FIELDS = [
  'what_theyre_building',
  'current_friction',
  'their_definition_of_win',
  'fit_signals',
] as const;
export type LearnableField = (typeof LEARNABLE_FIELDS)[number];

export interface LearnedFact {
  field: LearnableField;
  /** The value as stored: "a small app for gyms"; for fit_signals one signal. */
  value: string;
  /** The sentence of the message it came from, as written. */
  sentence: string;
  /** The pattern that matched, for explanations ("I'm building …"); a fit signal has its fact's. */
  pattern: string;
}

/** Long enough for a product in a sentence; a value running on is cut at a word. */
export const MAX_VALUE_LENGTH = 100;
/** How far past its trigger a value is looked for: bounded, so each trigger costs the same. */
const WINDOW = 240;

// No \p{…} lookbehind in the triggers: V8 runs it at every position, twenty times the cost of the
// plain words; a match's start is checked by hand instead (`startsWord`). Most sentences hold no
// trigger at all, which one union of them all says first.
// The lookahead is only tried where a trigger ends, so it may stay (folded text: any non-ASCII unit
// counts as a letter); it makes "j'ai du mal a" give way to "j'ai du mal avec".
const COMPILED = LEARN_PATTERNS.map((pattern) => ({
  pattern,
  regex: new RegExp(`(?:${pattern.trigger})(?![\\w'\\u00c0-\\uffff])`, 'g'),
}));
const ANY_TRIGGER = new RegExp(LEARN_PATTERNS.map((p) => `(?:${p.trigger})`).join('|'));
const WORD_CHAR = /[\p{L}\p{N}']/u;
const startsWord = (text: string, start: number) => start === 0 || !WORD_CHAR.test(text[start - 1]!);
// Where a value stops: clause marks, a spaced dash, an emoji, a conjunction that starts a new thought.
const BOUNDARY = new RegExp(
  [
    '[,;:!?()\\[\\]"“”«»\\n]|[.…](?= |$)| [-–—] |\\p{Extended_Pictographic}',
    ' (?:but|because|cause|cuz|though|although|while|since|which|pero|porque|aunque|mientras|mas|porem|embora|mais|parce que|car|bien que|aber|weil|denn|obwohl|doch|sondern)(?= |$)',
    " (?:and|y|e|et|und) (?=(?:(?:i|i'm|im|we|we're|my|it|it's|its|still|now|also|yo|estoy|tengo|me|mi|todavia|eu|estou|tenho|meu|minha|ainda|je|mon|ma|c'est|ich|mein|meine|es|das|wir|haben|habe|hab|have|need|want|am|are)(?: |$)|j'))",
  ].join('|'),
  'u',
);
const TRAILING_FILLER =
  / (?:right now|now|rn|atm|at the moment|these days|for now|(?:last|next) (?:week|month|year)|yesterday|today|lol|lmao|tbh|haha\p{L}*|jaja\p{L}*|kkk+|mdr|xd|ahora mismo|ahora|agora|en ce moment|gerade|im moment|aktuell|momentan|actuellement|anymore)$/u;

const CLAUSE_MARKS = ',;:()–—';

interface Trigger {
  pattern: LearnPattern;
  start: number;
  end: number;
}

export function learnFromMessage(text: string): LearnedFact[] {
  const written = spaced(text);
  const folded = fold(written);
  const quoted = quotedMask(folded);
  const facts: LearnedFact[] = [];
  const learned = new Set<string>();
  for (const sentence of sentences(written)) {
    const triggers = triggersIn(folded, sentence);
    let afterFact = false;
    for (const t of triggers) {
      if (learned.has(t.pattern.field) || quoted[t.start] === 1 || !stands(folded, sentence, t, afterFact)) continue;
      const next = nextStart(triggers, t.end) ?? sentence.end;
      const value = valueAfter(written, folded, t, Math.min(next, sentence.end, t.end + WINDOW));
      if (value === null) continue;
      learned.add(t.pattern.field);
      afterFact = true;
      facts.push({ field: t.pattern.field, value, sentence: sentence.text, pattern: t.pattern.label });
    }
  }
  return [...facts, ...fitSignals(facts)];
}

/** Every trigger in the sentence, first first; at one place the longest ("my goal is to" over "my goal is"). */
function triggersIn(folded: string, s: Sentence): Trigger[] {
  const body = folded.slice(s.start, s.end);
  const found: Trigger[] = [];
  if (!ANY_TRIGGER.test(body)) return found;
  for (const { pattern, regex } of COMPILED)
    for (const m of body.matchAll(regex))
      if (startsWord(body, m.index))
        found.push({ pattern, start: s.start + m.index, end: s.start + m.index + m[0].length });
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The first trigger starting at or after `from` (binary search: triggers are sorted by start). */
function nextStart(triggers: Trigger[], from: number): number | null {
  let lo = 0;
  let hi = triggers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (triggers[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  return triggers[lo]?.start ?? null;
}

/**
 * Meant, by the writer, about themselves: not asked, negated, reported or someone else's. After
 * "and"/"but" a subjectless trigger shares the subject before it, so it stands when what came
 * before in the sentence was a fact about the writer ("I'm building X and struggling with Y").
 */
function stands(folded: string, s: Sentence, t: Trigger, afterFact: boolean): boolean {
  if (s.question && t.start > s.lastComma) return false;
  const from = Math.max(s.start, t.start - 80);
  const clause = folded.slice(from, t.start);
  let mark = clause.length;
  while (mark > 0 && !CLAUSE_MARKS.includes(clause[mark - 1]!)) mark--;
  const lead = lastWords(clause.slice(mark), 6);
  if (lastWords(folded.slice(from, t.start), 2).some((w) => NEGATORS[t.pattern.language]!.has(w))) return false;
  if (lead.some((w) => REPORTING.has(w))) return false;
  if (!t.pattern.subjectless) return true;
  const joined = lead.findLastIndex((w) => CONJUNCTIONS.has(w));
  if (joined >= 0 && afterFact) return lead.slice(joined + 1).every((w) => FIRST_PERSON_LEAD.has(w));
  return lead.every((w) => FIRST_PERSON_LEAD.has(w));
}

/** The value after a trigger, as written, up to `limit`; null when it names nothing they would say about themselves. */
function valueAfter(written: string, folded: string, t: Trigger, limit: number): string | null {
  let start = t.end;
  while (start < limit && /[\s:,–—-]/u.test(folded[start]!)) start++;
  const window = folded.slice(start, limit);
  const stop = window.search(BOUNDARY);
  let value = window.slice(0, stop === -1 ? window.length : stop);
  if (value.length > MAX_VALUE_LENGTH) value = value.slice(0, Math.max(value.lastIndexOf(' ', MAX_VALUE_LENGTH), 1));
  for (let again = true; again;) {
    const before = value;
    value = value.trim().replace(TRAILING_FILLER, '');
    const words = value.split(' ');
    while (words.length > 0 && LEADING_FILLERS.has(words[0]!)) words.shift();
    while (words.length > 0 && DANGLING.has(words.at(-1)!)) words.pop();
    value = words.join(' ');
    again = value !== before;
  }
  if (!accepted(value, t.pattern)) return null;
  const kept = original(written, start, window, value);
  // "my app is down" is not a product; "my app is Fitly" names one.
  return t.pattern.namesThing && !value.includes(' ') && !/^\p{Lu}/u.test(kept) ? null : kept;
}

function accepted(value: string, p: LearnPattern): boolean {
  const words = value.split(' ').filter((w) => w !== '');
  if (words.length === 0 || (value.match(/\p{L}/gu)?.length ?? 0) < 2) return false;
  if (words.some((w) => SECOND_PERSON.has(w)) || NEGATED_VALUE.has(words[0]!)) return false;
  if (VOID_VALUES.has(words[0]!) && words.length <= 2) return false;
  if (p.namesThing && NOT_A_THING.has(words[0]!)) return false;
  if (p.verb && (NOT_GOALS.has(words[0]!) || /^be (?:honest|clear|sure|upfront)\b/.test(value))) return false;
  return true;
}

/** The folded value found again in the written text: same length, same place after its leading words. */
function original(written: string, start: number, window: string, value: string): string {
  const at = window.indexOf(value);
  return written.slice(start + at, start + at + value.length);
}

const FIT = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${FIT_KEYWORDS.map((k) => k.keyword).join('|')})`, 'gu');
function fitSignals(facts: LearnedFact[]): LearnedFact[] {
  const signals: LearnedFact[] = [];
  for (const fact of facts)
    for (const m of fold(fact.value).matchAll(FIT)) {
      const label = FIT_KEYWORDS.find((k) => k.keyword === m[0])!.label;
      if (!signals.some((s) => s.value === label))
        signals.push({ field: 'fit_signals', value: label, sentence: fact.sentence, pattern: fact.pattern });
    }
  return signals;
}
