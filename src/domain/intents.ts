import { asksToStop } from './opt-out';

/**
 * What a person meant by an inbound message: the intent a creator would give it, with the phrase
 * that decided it, so every label can be explained. Pure and deterministic.
 */

export const INTENTS = ['interested', 'question', 'not_now', 'opt_out', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export interface IntentReading {
  intent: Intent;
  /** The phrase (or rule) that decided it, e.g. `"how much"` or `emoji only: 🔥`; `""` for other. */
  reason: string;
}

/** Classifies one inbound message's text. */
export function classifyIntent(text: string): IntentReading {
  const stop = asksToStop(text);
  if (stop) return { intent: 'opt_out', reason: stop.phrase };
  if (/\?\s*$/.test(text.trim())) return { intent: 'question', reason: 'ends with ?' };
  return { intent: 'other', reason: '' };
}
