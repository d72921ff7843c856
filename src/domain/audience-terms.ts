import type { LearnedFields } from './learned-updates';
import type { PipelineStage } from './types';

/**
 * The matching half of choosing a video's audience: how the video's keywords and a contact's texts
 * become the same tokens, and what each match is worth. Selection (video-audience.ts) runs this on
 * every contact of an account, so the work that can be done once per video is done in `prepare`.
 */

export interface AudienceCandidate {
  id: string;
  username: string | null;
  displayName: string | null;
  pipelineStage: PipelineStage;
  relationshipScore: number | null;
  whatTheyreBuilding: string | null;
  currentFriction: string | null;
  theirDefinitionOfWin: string | null;
  fitSignals: string[];
  tags: string[];
  optedOut: boolean;
  /** Their latest inbound message texts, newest first (a handful). */
  recentInbound: string[];
  /** Last time we messaged them or queued a DM for them (ISO); null = never. */
  lastContactedAt: string | null;
  /** Which of the fields above were learned from their messages, and from which words (contacts.learned_fields). */
  learned?: LearnedFields | null;
}

export interface VideoInterest {
  /** normalized terms, each an array of tokens */ terms: { label: string; tokens: string[] }[];
}

export type MatchSource = 'building' | 'friction' | 'win' | 'tags' | 'fit_signals' | 'messages';
export interface MatchReason {
  source: MatchSource;
  term: string;
  points: number;
}
export interface ContactMatch {
  score: number;
  reasons: MatchReason[];
}

/** Points per matching term and source; the keys' order breaks ties between equal points. */
export const SOURCE_POINTS: Readonly<Record<MatchSource, number>> = Object.freeze({
  building: 40,
  friction: 25,
  win: 20,
  tags: 30,
  fit_signals: 20,
  messages: 15,
});
const SOURCE_ORDER = Object.keys(SOURCE_POINTS) as MatchSource[];
/** A chat mentions many things in passing: more than two terms there says little more. */
const MAX_MESSAGE_TERMS = 2;
const MAX_SCORE = 100;

// Words that carry no topic, and the names of the medium itself: every video is a "reel".
const STOPWORDS = new Set([
  'the',
  'and',
  'for',
  'with',
  'how',
  'to',
  'of',
  'my',
  'your',
  'you',
  'in',
  'on',
  'at',
  'is',
  'it',
  'its',
  'this',
  'that',
  'from',
  'by',
  'an',
  'or',
  'are',
  'be',
  'we',
  'our',
  'me',
  'so',
  'do',
  'what',
  'why',
  'when',
  're',
  'll',
  've',
  'don',
  'just',
  'new',
  'video',
  'videos',
  'reel',
  'reels',
  'shorts',
  'clip',
  'clips',
  'post',
  'posts',
]);
// No \p{…} classes here: V8 runs them several times slower, and this splits every text of 100,000
// contacts. camelCase and acronym boundaries (Latin): "ContentCreation" → "Content Creation",
// "AITools" → "AI Tools".
const UPPER = /[A-Z\u00c0-\u00de]/;
const CAMEL =
  /([a-z0-9\u00df-\u00ff])(?=[A-Z\u00c0-\u00de])|([A-Z\u00c0-\u00de])(?=[A-Z\u00c0-\u00de][a-z\u00df-\u00ff])/g;
// Word characters, after lower-casing: ASCII, then the letters of most scripts (Latin-1 and later
// blocks through the CJK and Hangul ones), leaving out the punctuation, symbol, emoji (surrogates)
// and variation-selector blocks, so "’", "—", "…" and "😂" separate words.
const NON_WORD =
  /[^0-9a-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u1fff\u2c00-\u2dff\u2e80-\u2fff\u3040-\ud7ff\uf900-\ufdff\ufe70-\ufefe\uff10-\uff19\uff41-\uff5a\uff66-\uffdc]+/;

/**
 * Lower-case words of a text, camelCase, snake_case and kebab-case split. A text that starts or
 * ends with a separator gives an empty first or last word: callers skip it (no filtering copy).
 */
function words(text: string): string[] {
  const split = UPPER.test(text) ? text.replace(CAMEL, '$1$2 ') : text;
  return split.toLowerCase().split(NON_WORD);
}

/**
 * Light stemming, the same for the video and the contact: "podcasts" → "podcast", "editing" →
 * "edit". Short words keep their ending ("bus", "thing"), and so do "-ss" words ("business").
 */
function stem(word: string): string {
  let w = word;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  return w;
}

/** A text's meaningful tokens: 2+ characters, no stopword, stemmed. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const w of words(text)) if (w.length >= 2 && !STOPWORDS.has(w)) tokens.push(stem(w));
  return tokens;
}

/** Terms from the video's keywords (its topics when it has none), each once. */
export function videoInterest(video: { keywords: string[]; topics: string[] }): VideoInterest {
  const source = video.keywords.length > 0 ? video.keywords : video.topics;
  const terms: VideoInterest['terms'] = [];
  const seen = new Set<string>();
  for (const keyword of source) {
    const tokens = [...new Set(tokenize(keyword))];
    // "content strategy" and "#contentstrategy" are one interest: counting both would score it twice.
    const keys = [[...tokens].sort().join(' '), tokens.join('')];
    if (tokens.length === 0 || keys.some((k) => seen.has(k))) continue;
    for (const k of keys) seen.add(k);
    terms.push({
      label: words(keyword)
        .filter((w) => w !== '')
        .join(' '),
      tokens,
    });
  }
  return { terms };
}

/**
 * The interest turned around for scanning contacts: every word a contact may write that stems to
 * one of the video's tokens, mapped to that token. A contact's words are then looked up, never
 * stemmed or stored, which is what keeps 100,000 contacts cheap. A token t is written as t, t+s,
 * t+ing or t+ings (the only endings `stem` takes off); each is kept only if it does stem to t.
 */
export interface Prepared {
  terms: VideoInterest['terms'];
  /** Word (or two words run together) → the video token it stems to. */
  forms: Map<string, string>;
  /** Every proper prefix of a form: two words are only joined when the first could start one. */
  prefixes: Set<string>;
}

export function prepare(interest: VideoInterest): Prepared {
  const forms = new Map<string, string>();
  const prefixes = new Set<string>();
  for (const token of interest.terms.flatMap((t) => t.tokens)) {
    for (const form of [token, `${token}s`, `${token}ing`, `${token}ings`]) {
      if (stem(form) !== token) continue;
      forms.set(form, token);
      for (let i = 1; i < form.length; i++) prefixes.add(form.slice(0, i));
    }
  }
  return { terms: interest.terms, forms, prefixes };
}

/**
 * The video tokens found in a contact's texts. Each pair of neighbouring words counts joined as
 * well, because MediaPoster's hashtags arrive lower-cased and run together: "#contentcreation" must
 * still find "content creation" and "CapCut". The video's side stays plain tokens.
 */
function foundTokens(p: Prepared, texts: readonly (string | null)[]): Set<string> {
  const found = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    let previous = '';
    for (const w of words(text)) {
      if (w === '') continue;
      const token = p.forms.get(w);
      if (token !== undefined && !STOPWORDS.has(w)) found.add(token);
      const joined = p.prefixes.has(previous) ? p.forms.get(previous + w) : undefined;
      if (joined !== undefined) found.add(joined);
      previous = w;
    }
  }
  return found;
}

export function matchContact(interest: VideoInterest, c: AudienceCandidate): ContactMatch {
  return matchPrepared(prepare(interest), c);
}

export function matchPrepared(p: Prepared, c: AudienceCandidate): ContactMatch {
  if (p.terms.length === 0) return { score: 0, reasons: [] };
  const texts: Record<MatchSource, readonly (string | null)[]> = {
    building: [c.whatTheyreBuilding],
    friction: [c.currentFriction],
    win: [c.theirDefinitionOfWin],
    tags: c.tags,
    fit_signals: c.fitSignals,
    messages: c.recentInbound,
  };
  const reasons: MatchReason[] = [];
  let score = 0;
  for (const source of SOURCE_ORDER) {
    const tokens = foundTokens(p, texts[source]);
    if (tokens.size === 0) continue;
    let found = 0;
    for (const term of p.terms) {
      if (source === 'messages' && found === MAX_MESSAGE_TERMS) break;
      if (!term.tokens.every((t) => tokens.has(t))) continue;
      found += 1;
      reasons.push({ source, term: term.label, points: SOURCE_POINTS[source] });
      score += SOURCE_POINTS[source];
    }
  }
  // Stable sort: equal points keep the source order, then the video's term order.
  reasons.sort((a, b) => b.points - a.points);
  return { score: Math.min(score, MAX_SCORE), reasons };
}
