import { fold } from './opt-out';

/**
 * Keyword replies' matching: does a message contain one of an automation's keywords? Whole words
 * only ("guide" is not in "guidelines"), case- and accent-insensitive ("GUÍA" is "guia"), letters
 * stretched for emphasis read once ("guiiide" is "guide", as the opt-out rule reads them), and a
 * keyword of several words matches those words in a row, whatever stands between them ("free
 * guide", "free-guide", "FREE… guide"). Time is linear in the message: it is folded and split into
 * words once, and each word is compared only with the keywords that start with it.
 */

export const MAX_KEYWORDS = 20;
export const MAX_KEYWORD_LENGTH = 60;
export const MAX_KEYWORD_WORDS = 5;

const WORD = /[\p{L}\p{N}]+/gu;

/** A text as the words matching compares: folded (opt-out.ts's `fold`), split at anything not a letter or digit. */
export function wordsOf(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/** Why a keyword cannot be used, or null. */
export function keywordProblem(keyword: string): string | null {
  if (keyword.trim() === '') return 'is empty';
  if ([...keyword].length > MAX_KEYWORD_LENGTH) return `is longer than ${MAX_KEYWORD_LENGTH} characters`;
  const words = wordsOf(keyword);
  if (words.length === 0) return 'has no letter or digit to match';
  if (words.length > MAX_KEYWORD_WORDS) return `has more than ${MAX_KEYWORD_WORDS} words`;
  return null;
}

/** The keywords as given, trimmed, without those that read the same (the first spelling kept). */
export function distinctKeywords(keywords: readonly string[]): string[] {
  const seen = new Set<string>();
  return keywords
    .map((k) => k.trim())
    .filter((k) => {
      const key = wordsOf(k).join(' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export interface KeywordMatcher {
  /** Keywords by their first word, each with all its words (longest first, so the longest wins at a place). */
  byFirstWord: Map<string, { keyword: string; words: string[] }[]>;
}

export function compileKeywords(keywords: readonly string[]): KeywordMatcher {
  const byFirstWord = new Map<string, { keyword: string; words: string[] }[]>();
  for (const keyword of keywords) {
    const words = wordsOf(keyword);
    if (words.length === 0) continue;
    const list = byFirstWord.get(words[0]!) ?? [];
    list.push({ keyword, words });
    list.sort((a, b) => b.words.length - a.words.length);
    byFirstWord.set(words[0]!, list);
  }
  return { byFirstWord };
}

/**
 * The first keyword the message contains (by where it appears), as the automation spells it, or
 * null. A message with several keywords matches once: the caller gets one answer.
 */
export function findKeyword(matcher: KeywordMatcher, text: string): string | null {
  const words = wordsOf(text);
  for (let i = 0; i < words.length; i++) {
    for (const candidate of matcher.byFirstWord.get(words[i]!) ?? []) {
      if (candidate.words.every((w, k) => words[i + k] === w)) return candidate.keyword;
    }
  }
  return null;
}
