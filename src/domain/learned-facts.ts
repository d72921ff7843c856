/**
 * What people tell us about themselves in their messages, as contact fields: what they are
 * building, what they struggle with, what a win would be, and fit signals. Each fact keeps the
 * sentence that taught it. Pure and deterministic.
 */

export const LEARNABLE_FIELDS = ['what_theyre_building', 'current_friction', 'their_definition_of_win', 'fit_signals'] as const;
export type LearnableField = (typeof LEARNABLE_FIELDS)[number];

export interface LearnedFact {
  field: LearnableField;
  /** The value as stored: "a small app for gyms"; for fit_signals one signal. */
  value: string;
  /** The sentence of the message it came from, as written. */
  sentence: string;
  /** The pattern that matched, for explanations ("I'm building …"). */
  pattern: string;
}

/** The facts one inbound message states about its writer (none for most messages). */
export function learnFromMessage(text: string): LearnedFact[] {
  void text;
  return [];
}
