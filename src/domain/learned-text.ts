/**
 * The text shapes learned-facts.ts works on: one copy of the message with single spaces (values and
 * sentences are cut from it, as written) and a folded copy of exactly the same length (patterns
 * match it), so an index in one is the same place in the other. Every pass here is one scan.
 */

export interface Sentence {
  start: number;
  /** Exclusive, before the terminator. */
  end: number;
  /** With its terminator: "I'm building X!". */
  text: string;
  question: boolean;
  /** The last clause mark (, ; :) in it, -1 for none: a question mark only covers the clause after it. */
  lastComma: number;
}

/** Spaces and tabs as one space, lines as "\n", no space around a line break. */
export function spaced(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

const FOLDED = new Map<string, string>();
/** One UTF-16 unit → one: lower case, accents off, one apostrophe; anything that would change length stays. */
function foldUnit(unit: string): string {
  let folded = FOLDED.get(unit);
  if (folded !== undefined) return folded;
  const lower = unit.toLowerCase();
  const base = lower.length === 1 ? lower : unit;
  const bare = base.normalize('NFD').replace(/\p{M}/gu, '');
  folded = /[’‘`´ʼ]/.test(base) ? "'" : bare.length === 1 ? bare : base;
  FOLDED.set(unit, folded);
  return folded;
}

export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += foldUnit(text[i]!);
  return out;
}

const OPENING = new Set(['"', '“', '«', '„']);
const CLOSING = new Set(['"', '”', '»', '“']);
/** Which characters are inside double quotes (someone else's words); a quote left open quotes nothing. */
export function quotedMask(folded: string): Uint8Array {
  const mask = new Uint8Array(folded.length);
  let open = -1;
  for (let i = 0; i < folded.length; i++) {
    const ch = folded[i]!;
    if (open >= 0 && CLOSING.has(ch)) {
      mask.fill(1, open, i + 1);
      open = -1;
    } else if (OPENING.has(ch)) open = i;
    else if (ch === '\n') open = -1;
  }
  return mask;
}

const TERMINATORS = '.!?…';
/** Sentences end at a line, a ";", or a run of . ! ? … before a space ("myapp.io" and "v2.0" go on). */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  let lastComma = -1;
  const close = (end: number, next: number) => {
    const terminator = text.slice(end, next);
    const body = text.slice(start, end);
    if (body.trim() !== '')
      out.push({
        start,
        end,
        text: (body + terminator).trim(),
        question: terminator.includes('?') || body.trimStart().startsWith('¿'),
        lastComma,
      });
    start = next;
    lastComma = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ',' || ch === ':') lastComma = i;
    else if (ch === '\n' || ch === ';') close(i, i + 1);
    else if (TERMINATORS.includes(ch)) {
      let j = i;
      while (j < text.length && TERMINATORS.includes(text[j]!)) j++;
      if (j === text.length || text[j] === ' ' || text[j] === '\n') close(i, j);
      i = j - 1;
    }
  }
  close(text.length, text.length);
  return out;
}

/** The last `count` words of a text (letters, digits, apostrophes). */
export function lastWords(text: string, count: number): string[] {
  const words = text.split(/[^\p{L}\p{N}']+/u).filter((w) => w !== '');
  return words.slice(-count);
}
