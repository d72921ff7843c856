import type { Contact, Message } from './types';
import { clamp, daysBetween, parseTimestamp } from './score-math';

/**
 * The six relationship-score components (crm-engines.md §3.2), each 0–100.
 * They run once per contact when 100,000 contacts are rescored, so the regexes are compiled here,
 * once, and the loops allocate nothing.
 */

/** Days since the last message → 100/85/70/50/30/10; never messaged → 20; a future date counts as today. */
export function recencyComponent(lastMessageAt: string | null, nowMs: number): number {
  const lastMs = parseTimestamp(lastMessageAt);
  if (lastMs === null) return 20;
  const days = daysBetween(lastMs, nowMs);
  if (days <= 3) return 100;
  if (days <= 7) return 85;
  if (days <= 14) return 70;
  if (days <= 30) return 50;
  if (days <= 60) return 30;
  return 10;
}

// Whole words only: the server copy matched the letter "i" anywhere ("hi" scored as self-disclosure), and
// crm-core's `my |we |our ` matched inside "army ", "awe ", "your ". The terms are crm-core's; ’ is the
// apostrophe iOS types.
const SELF_DISCLOSURE = /\b(?:i['’]m|i am|my|we|our)\b/i;
const WARMTH = /\b(?:love[ds]?|loving|great|awesome|excited|happy|thanks)\b/i;

/** How much the contact opens up: length, questions, talking about themselves, warmth (mean over inbound). */
export function resonanceComponent(messages: readonly Message[]): number {
  if (messages.length === 0) return 30;
  let inbound = 0;
  let total = 0;
  for (const m of messages) {
    if (m.isOutbound) continue;
    inbound += 1;
    total += inboundMessageResonance(m.text);
  }
  return inbound === 0 ? 20 : Math.round(total / inbound);
}

function inboundMessageResonance(text: string): number {
  let score = 30;
  if (text.length > 100) score += 20;
  if (text.length > 200) score += 10;
  if (text.includes('?')) score += 15;
  if (SELF_DISCLOSURE.test(text)) score += 15;
  if (WARMTH.test(text)) score += 10;
  return score > 100 ? 100 : score;
}

const NON_BLANK = /\S/;
/** A profile field counts only when it says something: null, "" and "  " all mean unknown. */
export const hasText = (field: string | null): boolean => field !== null && NON_BLANK.test(field);

/** How well we understand what they need; the bonuses add up to exactly 100. */
export function needClarityComponent(contact: Contact): number {
  let score = 20;
  if (hasText(contact.whatTheyreBuilding)) score += 30;
  if (hasText(contact.currentFriction)) score += 25;
  if (hasText(contact.theirDefinitionOfWin)) score += 15;
  if (contact.fitSignals.length > 0) score += 10;
  return score;
}

/**
 * 0 → 20, 1 → 50, 2 → 70, 3 or more → 90. crm-core also had a `100` branch placed after `>= 3`, so only
 * a fractional count such as 2.5 ever reached it. We keep 90 as the ceiling users' scores already show
 * and drop the dead branch; counts are whole, so a fraction is floored and a negative or NaN count is 0.
 */
export function valueDeliveredComponent(count: number): number {
  const n = count > 0 ? Math.floor(count) : 0;
  if (n === 0) return 20;
  if (n === 1) return 50;
  if (n === 2) return 70;
  return 90;
}

/** Promises kept over promises made; nothing promised yet → 50. Clamped: crm-core let kept > made exceed 100. */
export function reliabilityComponent(kept: number, made: number): number {
  if (!(made > 0)) return 50;
  const ratio = Math.round((kept / made) * 100);
  return Number.isFinite(ratio) ? clamp(ratio, 0, 100) : 50;
}

/** How much they invite the relationship: asks our opinion, shares updates, refers others. */
export function consentComponent(contact: Contact): number {
  let score = 30;
  if (contact.asksOpinion) score += 25;
  if (contact.sharesUpdates) score += 25;
  if (contact.hasReferredOthers) score += 20;
  return score;
}
