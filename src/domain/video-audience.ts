import type { ActionLane, PipelineStage } from './types';
import { determineActionLane } from './scoring';

/**
 * Which contacts a just-posted video interests, how much, and why (the why goes into the DM). The
 * video's keywords become terms; a term matches a contact's text when all its words are there, and
 * each source of text is worth its own points. It runs over every contact of an account (100,000 is
 * a real size), streamed a page at a time, so the interest is tokenized once, each candidate field
 * once, and only the best `max` plus a small preview of the excluded are ever held.
 */

export interface AudienceCandidate {
  id: string; username: string | null; displayName: string | null;
  pipelineStage: PipelineStage; relationshipScore: number | null;
  whatTheyreBuilding: string | null; currentFriction: string | null; theirDefinitionOfWin: string | null;
  fitSignals: string[]; tags: string[]; optedOut: boolean;
  /** Their latest inbound message texts, newest first (a handful). */
  recentInbound: string[];
  /** Last time we messaged them or queued a DM for them (ISO); null = never. */
  lastContactedAt: string | null;
}

export interface VideoInterest { /** normalized terms, each an array of tokens */ terms: { label: string; tokens: string[] }[] }

export type MatchSource = 'building' | 'friction' | 'win' | 'tags' | 'fit_signals' | 'messages';
export interface MatchReason { source: MatchSource; term: string; points: number }
export interface ContactMatch { score: number; reasons: MatchReason[] }

/** Points per matching term and source; the keys' order breaks ties between equal points. */
export const SOURCE_POINTS: Readonly<Record<MatchSource, number>> = Object.freeze({
  building: 40, friction: 25, win: 20, tags: 30, fit_signals: 20, messages: 15,
});
const SOURCE_ORDER = Object.keys(SOURCE_POINTS) as MatchSource[];
/** A chat mentions many things in passing: more than two terms there says little more. */
const MAX_MESSAGE_TERMS = 2;
const MAX_SCORE = 100;

// Words that carry no topic, and the names of the medium itself: every video is a "reel".
const STOPWORDS = new Set([
  'the', 'and', 'for', 'with', 'how', 'to', 'of', 'my', 'your', 'you', 'in', 'on', 'at', 'is', 'it', 'its', 'this',
  'that', 'from', 'by', 'an', 'or', 'are', 'be', 'we', 'our', 'me', 'so', 'do', 'what', 'why', 'when', 're', 'll',
  've', 'don', 'just', 'new', 'video', 'videos', 'reel', 'reels', 'shorts', 'clip', 'clips', 'post', 'posts',
]);
// No \p{…} classes here: V8 runs them several times slower, and this splits every text of 100,000
// contacts. camelCase and acronym boundaries (Latin): "ContentCreation" → "Content Creation",
// "AITools" → "AI Tools".
const UPPER = /[A-Z\u00c0-\u00de]/;
const CAMEL = /([a-z0-9\u00df-\u00ff])(?=[A-Z\u00c0-\u00de])|([A-Z\u00c0-\u00de])(?=[A-Z\u00c0-\u00de][a-z\u00df-\u00ff])/g;
// Word characters, after lower-casing: ASCII, then the letters of most scripts (Latin-1 and later
// blocks through the CJK and Hangul ones), leaving out the punctuation, symbol, emoji (surrogates)
// and variation-selector blocks, so "’", "—", "…" and "😂" separate words.
const NON_WORD = /[^0-9a-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u1fff\u2c00-\u2dff\u2e80-\u2fff\u3040-\ud7ff\uf900-\ufdff\ufe70-\ufefe\uff10-\uff19\uff41-\uff5a\uff66-\uffdc]+/;

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
    terms.push({ label: words(keyword).filter((w) => w !== '').join(' '), tokens });
  }
  return { terms };
}

/**
 * The interest turned around for scanning contacts: every word a contact may write that stems to
 * one of the video's tokens, mapped to that token. A contact's words are then looked up, never
 * stemmed or stored, which is what keeps 100,000 contacts cheap. A token t is written as t, t+s,
 * t+ing or t+ings (the only endings `stem` takes off); each is kept only if it does stem to t.
 */
interface Prepared {
  terms: VideoInterest['terms'];
  /** Word (or two words run together) → the video token it stems to. */
  forms: Map<string, string>;
  /** Every proper prefix of a form: two words are only joined when the first could start one. */
  prefixes: Set<string>;
}

function prepare(interest: VideoInterest): Prepared {
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

function matchPrepared(p: Prepared, c: AudienceCandidate): ContactMatch {
  if (p.terms.length === 0) return { score: 0, reasons: [] };
  const texts: Record<MatchSource, readonly (string | null)[]> = {
    building: [c.whatTheyreBuilding], friction: [c.currentFriction], win: [c.theirDefinitionOfWin],
    tags: c.tags, fit_signals: c.fitSignals, messages: c.recentInbound,
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

export interface AudienceRules { minScore: number; max: number; cooldownMs: number; nowMs: number }
export type ExclusionReason = 'opted_out' | 'no_handle' | 'cooldown' | 'over_limit';
export interface AudienceMember { candidate: AudienceCandidate; score: number; reasons: MatchReason[]; lane: ActionLane }
export interface ExcludedMember extends AudienceMember { excluded: ExclusionReason }
export interface AudienceCounts { scanned: number; matched: number; belowMinScore: number; opted_out: number; no_handle: number; cooldown: number; over_limit: number }
export interface AudienceResult { chosen: AudienceMember[]; excluded: ExcludedMember[]; counts: AudienceCounts }

/** Enough of the excluded to show a person why the list is shorter than expected. */
export const EXCLUDED_SAMPLE = 50;

/** Score desc, relationship score desc (never scored last), handle asc (none last), then id: a total order. */
function bestFirst(a: AudienceMember, b: AudienceMember): number {
  const ra = a.candidate.relationshipScore ?? Number.NEGATIVE_INFINITY;
  const rb = b.candidate.relationshipScore ?? Number.NEGATIVE_INFINITY;
  return b.score - a.score || (ra === rb ? 0 : rb > ra ? 1 : -1)
    || ascending(a.candidate.username, b.candidate.username) || ascending(a.candidate.id, b.candidate.id);
}
function ascending(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * Holds at least the best `limit` of what it is given, at most about twice that; `add` hands back
 * what falls off for good. `sorted` is a sorted copy of all it holds: the caller takes the first `limit`.
 */
function topList<T extends AudienceMember>(limit: number): { add(m: T): T[]; sorted(): T[] } {
  let items: T[] = [];
  // Sorting only when twice full keeps it O(n log limit) overall without a heap.
  const trim = (): T[] => {
    items.sort(bestFirst);
    const dropped = items.slice(limit);
    items = items.slice(0, limit);
    return dropped;
  };
  return {
    add(m) {
      items.push(m);
      return items.length > Math.max(2 * limit, 16) ? trim() : [];
    },
    sorted: () => [...items].sort(bestFirst),
  };
}

function exclusion(c: AudienceCandidate, rules: AudienceRules): ExclusionReason | null {
  if (c.optedOut) return 'opted_out';
  if (!c.username?.trim()) return 'no_handle';
  const last = c.lastContactedAt === null ? Number.NaN : Date.parse(c.lastContactedAt);
  // A date in the future is a clock's doing, not a long silence: it counts as just contacted.
  if (rules.cooldownMs > 0 && !Number.isNaN(last) && rules.nowMs - last < rules.cooldownMs) return 'cooldown';
  return null;
}

/** Streaming: candidates arrive a page at a time (100,000 contacts = 100 pages); memory stays O(max + sample). */
export function createAudienceSelector(interest: VideoInterest, rules: AudienceRules): { add(page: readonly AudienceCandidate[]): void; result(): AudienceResult } {
  const max = Number.isFinite(rules.max) ? Math.max(0, Math.floor(rules.max)) : Number.MAX_SAFE_INTEGER;
  // A contact with no reason at all is never "interested", whatever minScore says.
  const minScore = rules.minScore > 1 ? rules.minScore : 1;
  const counts: AudienceCounts = { scanned: 0, matched: 0, belowMinScore: 0, opted_out: 0, no_handle: 0, cooldown: 0, over_limit: 0 };
  const prepared = prepare(interest);
  const eligible = topList<AudienceMember>(max);
  const excluded = topList<ExcludedMember>(EXCLUDED_SAMPLE);
  const overLimit = (dropped: AudienceMember[]): void => {
    for (const m of dropped) excluded.add({ ...m, excluded: 'over_limit' });
  };
  let eligibleCount = 0;
  return {
    add(page) {
      for (const candidate of page) {
        counts.scanned += 1;
        const { score, reasons } = matchPrepared(prepared, candidate);
        if (score < minScore) {
          counts.belowMinScore += 1;
          continue;
        }
        counts.matched += 1;
        const member: AudienceMember = { candidate, score, reasons, lane: determineActionLane(candidate, candidate.relationshipScore) };
        const why = exclusion(candidate, rules);
        if (why !== null) {
          counts[why] += 1;
          excluded.add({ ...member, excluded: why });
          continue;
        }
        eligibleCount += 1;
        overLimit(eligible.add(member));
      }
    },
    result() {
      const ranked = eligible.sorted();
      const chosen = ranked.slice(0, max);
      // Built from copies: asking for the result twice, or adding pages after, changes nothing.
      const sample = [...excluded.sorted(), ...ranked.slice(max).map((m): ExcludedMember => ({ ...m, excluded: 'over_limit' }))];
      sample.sort(bestFirst);
      return { chosen, excluded: sample.slice(0, EXCLUDED_SAMPLE), counts: { ...counts, over_limit: eligibleCount - chosen.length } };
    },
  };
}

export function selectAudience(interest: VideoInterest, candidates: readonly AudienceCandidate[], rules: AudienceRules): AudienceResult {
  const selector = createAudienceSelector(interest, rules);
  selector.add(candidates);
  return selector.result();
}

/** Long enough for a clause in a DM, short enough that the DM stays about the video. */
export const MAX_REASON_LENGTH = 80;
// What a person typed in a profile field often repeats the verb the phrase already has.
const BUILDING_PREFIX = /^(?:i['’]?m |i am |we['’]?re |we are )?(?:building|making|creating|working on|starting)\s+/i;
const DANGLING = new Set(['a', 'an', 'the', 'and', 'or', 'to', 'of', 'for', 'with', 'in', 'on', 'my', 'our', 'but']);

/** Whitespace collapsed, trailing punctuation gone, cut at a word boundary to fit `room`, no dangling "and". */
function clause(raw: string, room: number): string {
  const text = raw.replace(/\s+/g, ' ').trim().replace(/[\s.,;:!?…-]+$/u, '');
  if (text.length <= room) return text;
  const cut = text.slice(0, room + 1).split(' ');
  const kept = cut.length > 1 ? cut.slice(0, -1) : [text.slice(0, room)];
  while (kept.length > 1 && DANGLING.has(kept[kept.length - 1]!.toLowerCase())) kept.pop();
  return kept.join(' ').replace(/[\s.,;:!?…-]+$/u, '');
}

/** "A podcast studio" reads "a podcast studio" mid-sentence; "AI tools" keeps its capitals. */
function lowerFirst(text: string): string {
  return /^\p{Lu}(?!\p{Lu})/u.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

interface Phrasing {
  /** The contact's own words for this source, if it has any. */
  own?: (c: AudienceCandidate) => string | null;
  /** The phrase around their own words. */
  say: (t: string) => string;
  /** The phrase around the video's term, when their words cannot be used. */
  term: (t: string) => string;
}
const PHRASES: Readonly<Record<MatchSource, Phrasing>> = {
  building: {
    own: (c) => c.whatTheyreBuilding?.replace(BUILDING_PREFIX, '') ?? null,
    say: (t) => `you're building ${t}`,
    term: (t) => `you're building something around ${t}`,
  },
  friction: { own: (c) => c.currentFriction, say: (t) => `you mentioned ${t}`, term: (t) => `you mentioned struggling with ${t}` },
  win: { own: (c) => c.theirDefinitionOfWin, say: (t) => `you're working toward ${t}`, term: (t) => `you've got goals around ${t}` },
  tags: { say: (t) => `you're into ${t}`, term: (t) => `you're into ${t}` },
  fit_signals: { say: (t) => `you've talked about ${t}`, term: (t) => `you've talked about ${t}` },
  messages: { say: (t) => `you brought up ${t} lately`, term: (t) => `you brought up ${t} lately` },
};
// "you mentioned i can't edit fast" reads as the creator's own problem: such words are not quoted.
const FIRST_PERSON = /^(?:i|i['’](?:m|ve|d|ll)|im|ive|my|me|mine|we|we['’](?:re|ve)|our|us)\b/i;
/** Only when a member has no reason at all, which selection never lets through. */
const NO_REASON = 'it looked like your kind of thing';

/**
 * One short human phrase for the DM's {{reason}}, from the member's strongest reason, e.g. "you're
 * building a podcast studio", "you're into podcasting", "you brought up editing lately". Never empty,
 * never longer than ~80 chars (cut long free text at a word boundary).
 */
export function fitReason(member: Pick<AudienceMember, 'reasons' | 'candidate'>): string {
  const reason = member.reasons[0];
  if (!reason) return NO_REASON;
  const phrases = PHRASES[reason.source];
  // The contact's own words read better than a keyword, when there are some that read as theirs.
  const ownText = phrases.own?.(member.candidate)?.trim() ?? '';
  const own = FIRST_PERSON.test(ownText) ? '' : clause(lowerFirst(ownText), MAX_REASON_LENGTH - phrases.say('').length);
  if (own) return phrases.say(own);
  const term = clause(reason.term, MAX_REASON_LENGTH - phrases.term('').length);
  return term ? phrases.term(term) : NO_REASON;
}
