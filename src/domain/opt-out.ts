import { OPT_OUT_PHRASES, type OptOutLanguage, type OptOutPhrase, type PhraseKind } from './opt-out-phrases';
import {
  CONTRASTS,
  FILLERS,
  NEGATORS,
  PLAYFUL_EMOJI,
  PLAYFUL_WORDS,
  QUESTION_OPENERS,
  REPORTING,
  REQUEST_OPENERS,
  SECOND_PERSON,
  SOFT_TAIL,
  SUBJECTS,
} from './opt-out-words';

/**
 * Whether an inbound message asks us to stop writing to them, and which phrase decided it: the
 * rule behind opt-outs by message. Conservative on purpose, since an opt-out silences a contact:
 * a phrase must be addressed to us and meant ("don't stop posting these!", "stop by my page",
 * "why did you stop messaging me?", "not interested in the paid one but…" are not). The phrases
 * and what each kind demands are in opt-out-phrases.ts; the words read around them in opt-out-words.ts.
 */

export { OPT_OUT_LANGUAGES, type OptOutLanguage } from './opt-out-phrases';

export interface OptOutMatch {
  /** The phrase of the rule that matched, as kept with the opt-out ("no me escribas más"). */
  phrase: string;
  language: OptOutLanguage;
  kind: PhraseKind;
  /** The words of the message that matched, folded ("pls stop dming me" → "stop dming me"). */
  matched: string;
}

interface Sentence {
  words: string;
  question: boolean;
}

const COMPILED = OPT_OUT_PHRASES.map((phrase) => ({
  phrase,
  anywhere: new RegExp(`(?<=^| )(?:${phrase.pattern})(?= |$)`, 'g'),
  whole: new RegExp(`^(?:${phrase.pattern})$`),
}));
/** Every phrase at once: most messages match none, and a sync reads tens of thousands of them. */
const union = (kinds: string[]) =>
  OPT_OUT_PHRASES.filter((p) => kinds.includes(p.kind))
    .map((p) => `(?:${p.pattern})`)
    .join('|');
const ANY_COMMAND = new RegExp(`^(?:${union(['command'])})$`);
const ANY_PHRASE = new RegExp(`(?<=^| )(?:${union(['request', 'soft'])})(?= |$)`);

/** Pictographs and what joins or modifies them (variation selector, zero-width joiner, skin tones). */
const EMOJI = /\p{Extended_Pictographic}|\u{FE0F}|\u{200D}|[\u{1F3FB}-\u{1F3FF}]/gu;
const LAUGHTER =
  /(?:^| )(?:(?:ha){2,}h?|(?:ja){2,}|(?:he){2,}|(?:hi){2,}|k{3,}|(?:rs){2,}|l+o+l+|lmf?a+o+|rofl|x+d+|mdr|ptdr|omg)(?= |$)/;

/** Lower case, no accents, one kind of quote and apostrophe, letters stretched 3+ times once ("stooop"). */
export function fold(text: string): string {
  return unstretched(foldCase(text));
}

function foldCase(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/[“”„«»]/g, '"');
}
const unstretched = (s: string) => s.replace(/(\p{L})\1{2,}/gu, '$1');
const words = (s: string) =>
  s
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Quoted words are someone else's ("the 'unsubscribe' link is broken"): they stand as one neutral word. */
function unquoted(s: string): string {
  return s.replace(/"[^"\n]*"/g, ' quotation ').replace(/(?<=^|[\s(])'[^'\n]+'(?=$|[\s).,!?:;])/g, ' quotation ');
}

function sentences(text: string): Sentence[] {
  const parts = unquoted(text)
    .replace(EMOJI, ' ')
    .split(/([.!?;\n¡¿…]+)/);
  const out: Sentence[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const w = words(parts[i]!);
    if (!w) continue;
    const asked =
      (parts[i + 1] ?? '').includes('?') ||
      (parts[i - 1] ?? '').includes('¿') ||
      QUESTION_OPENERS.some((q) => startsWith(w, q));
    out.push({ words: w, question: asked });
  }
  return out;
}

const startsWith = (w: string, opening: string) => w === opening || w.startsWith(`${opening} `);

/** Laughing or delighted: "stop 😂", "omg stop lol", "stop, this is amazing". */
function playful(original: string, all: string[]): boolean {
  return (
    PLAYFUL_EMOJI.test(original) || LAUGHTER.test(words(foldCase(original))) || all.some((w) => PLAYFUL_WORDS.has(w))
  );
}

export function asksToStop(text: string): OptOutMatch | null {
  const all = sentences(fold(text));
  const bare = all.map((s) => {
    const b = commandWords(s.words);
    // A question counts as a command only as a polite request ("can u stop?"), never "stop?" alone.
    return !s.question || REQUEST_OPENERS.some((r) => startsWith(b, r)) ? b : '';
  });
  const commands =
    bare.some((b) => ANY_COMMAND.test(b)) &&
    !playful(
      text,
      all.flatMap((s) => s.words.split(' ')),
    );
  if (!commands && !all.some((s) => ANY_PHRASE.test(s.words))) return null;
  for (const { phrase, anywhere, whole } of COMPILED) {
    for (const [n, s] of all.entries()) {
      if (phrase.kind === 'command') {
        if (commands && whole.test(bare[n]!)) return found(phrase, bare[n]!);
        continue;
      }
      for (const m of s.words.matchAll(anywhere)) {
        if (!addressedToUs(phrase, s, wordsBefore(s.words, m.index, 4))) continue;
        if (phrase.kind === 'soft' && !refusesUs(s.words, m.index + m[0].length, all[n + 1])) continue;
        return found(phrase, m[0]);
      }
    }
  }
  return null;
}

const found = (phrase: OptOutPhrase, matched: string): OptOutMatch => ({
  phrase: phrase.phrase,
  language: phrase.language,
  kind: phrase.kind,
  matched,
});

/**
 * The sentence without politeness or repetition: "please stop stop stop now" → "stop". A polite
 * opener keeps its words ("pls can you stop" → "can you stop"): "you" and "vous" are fillers only
 * in "thank you" and "s'il vous plaît".
 */
function commandWords(sentence: string): string {
  const all = sentence.split(' ');
  const first = all.findIndex((w) => !FILLERS.has(w));
  const rest = first === -1 ? '' : all.slice(first).join(' ');
  const opener = REQUEST_OPENERS.find((r) => startsWith(rest, r)) ?? '';
  const after = rest.slice(opener.length).split(' ');
  const kept = [...(opener ? [opener] : []), ...after.filter((w) => w && !FILLERS.has(w))];
  return kept.filter((w, i) => w !== kept[i - 1]).join(' ');
}

/**
 * The last `count` words before `end` (words are one space apart, as `words` leaves them). Only the
 * few words next to a phrase decide; splitting everything before each match of a phrase made a long
 * sentence of negated phrases ("don't stop messaging me don't stop…") quadratic.
 */
function wordsBefore(text: string, end: number, count: number): string[] {
  const found: string[] = [];
  let to = end;
  while (found.length < count) {
    while (to > 0 && text[to - 1] === ' ') to -= 1;
    if (to === 0) break;
    const from = text.lastIndexOf(' ', to - 1) + 1;
    found.unshift(text.slice(from, to));
    to = from;
  }
  return found;
}

/** The words of `text` from `start` on, one at a time, so a check that stops early reads no further. */
function* wordsFrom(text: string, start: number): Generator<string> {
  for (let from = start; from < text.length;) {
    const space = text.indexOf(' ', from);
    const to = space === -1 ? text.length : space;
    if (to > from) yield text.slice(from, to);
    from = to + 1;
  }
}

function addressedToUs(phrase: OptOutPhrase, s: Sentence, before: string[]): boolean {
  const near = before.slice(-2);
  if (phrase.negatable && near.some((w) => NEGATORS[phrase.language].has(w))) return false;
  if (phrase.needsNoSubject && SUBJECTS.has(before.at(-1) ?? '')) return false;
  const lead = before.slice(-4);
  if (lead.some((w) => REPORTING.has(w)) && !lead.some((w) => SECOND_PERSON.has(w))) return false;
  if (s.question && !phrase.asQuestion && !REQUEST_OPENERS.some((r) => startsWith(s.words, r))) return false;
  return true;
}

/**
 * A soft refusal stands only with closings or references to us after it (the words of `words` from
 * `end` on), and no contrast with more to say, there or opening the next sentence.
 */
function refusesUs(words: string, end: number, next: Sentence | undefined): boolean {
  const closing = (w: string) => SOFT_TAIL.has(w) || FILLERS.has(w);
  // "…, but thanks" still refuses; "… but the free guide sounds great" narrows it to one thing.
  let contrast = false;
  for (const w of wordsFrom(words, end)) {
    if (!contrast && CONTRASTS.has(w) && !SOFT_TAIL.has(w)) contrast = true;
    else if (!closing(w)) return false;
  }
  if (contrast) return true;
  const following = next?.words.split(' ') ?? [];
  return !CONTRASTS.has(following[0] ?? '') || following.slice(1).every(closing);
}
