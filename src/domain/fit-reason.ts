import type { AudienceCandidate, MatchReason, MatchSource } from './audience-terms';
import { learnFromMessage, type LearnableField } from './learned-facts';
import { patternSays } from './learned-patterns';

/** The "why you" of a video DM: one short phrase from a member's strongest match reason. */

/** Long enough for a clause in a DM, short enough that the DM stays about the video. */
export const MAX_REASON_LENGTH = 80;
// What a person typed in a profile field often repeats the verb the phrase already has.
const BUILDING_PREFIX = /^(?:i['’]?m |i am |we['’]?re |we are )?(?:building|making|creating|working on|starting)\s+/i;
const DANGLING = new Set(['a', 'an', 'the', 'and', 'or', 'to', 'of', 'for', 'with', 'in', 'on', 'my', 'our', 'but']);

const TRAILING = /[\s.,;:!?…-]/u;

/**
 * The text without trailing punctuation or space. A loop, not `/[…]+$/`: that regex restarts at
 * every punctuation mark and runs to the end of its run, quadratic on a field of "......".
 */
function untrailed(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING.test(text[end - 1]!)) end -= 1;
  return text.slice(0, end);
}

/** Whitespace collapsed, trailing punctuation gone, cut at a word boundary to fit `room`, no dangling "and". */
function clause(raw: string, room: number): string {
  const text = untrailed(raw.replace(/\s+/g, ' ').trim());
  if (text.length <= room) return text;
  const cut = text.slice(0, room + 1).split(' ');
  const kept = cut.length > 1 ? cut.slice(0, -1) : [text.slice(0, room)];
  while (kept.length > 1 && DANGLING.has(kept[kept.length - 1]!.toLowerCase())) kept.pop();
  return untrailed(kept.join(' '));
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
  friction: {
    own: (c) => c.currentFriction,
    say: (t) => `you mentioned ${t}`,
    term: (t) => `you mentioned struggling with ${t}`,
  },
  win: {
    own: (c) => c.theirDefinitionOfWin,
    say: (t) => `you're working toward ${t}`,
    term: (t) => `you've got goals around ${t}`,
  },
  tags: { say: (t) => `you're into ${t}`, term: (t) => `you're into ${t}` },
  fit_signals: { say: (t) => `you've talked about ${t}`, term: (t) => `you've talked about ${t}` },
  messages: { say: (t) => `you brought up ${t} lately`, term: (t) => `you brought up ${t} lately` },
};
// "you mentioned i can't edit fast" reads as the creator's own problem: such words are not quoted.
const FIRST_PERSON = /^(?:i|i['’](?:m|ve|d|ll)|im|ive|my|me|mine|we|we['’](?:re|ve)|our|us)\b/i;
// Their words are quoted back to them: "automation for my studio" → "automation for your studio".
const SECOND_PERSON: Readonly<Record<string, string>> = {
  i: 'you',
  we: 'you',
  me: 'you',
  us: 'you',
  my: 'your',
  our: 'your',
  mine: 'yours',
  ours: 'yours',
  myself: 'yourself',
  ourselves: 'yourselves',
  "i'm": "you're",
  "we're": "you're",
  "i've": "you've",
  "we've": "you've",
};
const PRONOUN = /\b(?:i['’](?:m|ve)|we['’](?:re|ve)|myself|ourselves|mine|ours|my|our|me|us|i|we)\b/gi;
const toSecondPerson = (text: string) =>
  text.replace(PRONOUN, (w) => SECOND_PERSON[w.toLowerCase().replace('’', "'")] ?? w);

/** Only when a member has no reason at all, which selection never lets through. */
const NO_REASON = 'it looked like your kind of thing';

/**
 * One short human phrase for the DM's {{reason}}, from the member's strongest reason, e.g. "you're
 * building a podcast studio", "you're into podcasting", "you brought up editing lately". Never empty,
 * never longer than ~80 chars (cut long free text at a word boundary).
 */
export function fitReason(member: { candidate: AudienceCandidate; reasons: MatchReason[] }): string {
  const reason = member.reasons[0];
  if (!reason) return NO_REASON;
  const said = learnedWords(member.candidate, reason);
  if (said) return said;
  const phrases = PHRASES[reason.source];
  // The contact's own words read better than a keyword, when there are some that read as theirs.
  const ownText = phrases.own?.(member.candidate)?.trim() ?? '';
  const own = FIRST_PERSON.test(ownText)
    ? ''
    : clause(toSecondPerson(lowerFirst(ownText)), MAX_REASON_LENGTH - phrases.say('').length);
  if (own) return phrases.say(own);
  const term = clause(reason.term, MAX_REASON_LENGTH - phrases.term('').length);
  return term ? phrases.term(term) : NO_REASON;
}

const LEARNED_FIELD: Partial<Record<MatchSource, LearnableField>> = {
  building: 'what_theyre_building',
  friction: 'current_friction',
  win: 'their_definition_of_win',
  fit_signals: 'fit_signals',
};

/**
 * A match on a field learned from their messages, said back with their words: "you said you're
 * building a small app for gyms". Only while the field still holds what was learned (an edit by
 * hand makes it theirs); a fit signal is said with the fact it was learned from. '' when there is
 * nothing learned to say, or it does not fit.
 */
function learnedWords(c: AudienceCandidate, reason: MatchReason): string {
  const field = LEARNED_FIELD[reason.source];
  if (!field || !c.learned) return '';
  let pattern: string;
  let value: string;
  if (field === 'fit_signals') {
    const signal = c.learned.fit_signals?.find(
      (p) => c.fitSignals.includes(p.value) && p.value.toLowerCase().includes(reason.term.toLowerCase()),
    );
    const fact =
      signal && learnFromMessage(signal.sentence).find((f) => f.pattern === signal.pattern && f.field !== field);
    if (!fact) return '';
    ({ pattern, value } = fact);
  } else {
    const p = c.learned[field];
    const current = {
      what_theyre_building: c.whatTheyreBuilding,
      current_friction: c.currentFriction,
      their_definition_of_win: c.theirDefinitionOfWin,
    }[field];
    if (!p || current?.trim() !== p.value.trim()) return '';
    ({ pattern, value } = p);
  }
  const says = patternSays(pattern);
  if (says === null) return '';
  const lead = `you said ${says} `;
  const words = clause(toSecondPerson(lowerFirst(value.trim())), MAX_REASON_LENGTH - lead.length);
  return words ? lead + words : '';
}
