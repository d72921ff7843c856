import { scoreContact, SCORE_COMPONENTS, type ScoreComponents, type ScoreWeights } from './scoring';
import type { Contact, Message } from './types';

/**
 * Which contacts' stored scores are out of date. Only those are written back, so rescoring an
 * account whose scores are current writes nothing.
 */

export interface StoredScore {
  score: number | null;
  components: ScoreComponents | null;
  resonance: number | null;
}

export interface ScoreUpdate {
  contactId: string;
  /** Who, as the score was computed from them (contact.score_changed names them). */
  username: string | null;
  displayName: string | null;
  /** The stored score it replaces, as read (the write knows the one it really replaces). */
  previous: number | null;
  score: number;
  components: ScoreComponents;
  resonance: number;
  /** The contact's updated_at as read: a write that must not overwrite a change made since compares it. */
  readAt: string;
}

export interface RescoreEntry {
  contact: Contact;
  stored: StoredScore;
  /** Fresh messages when they changed; absent to reuse the stored resonance. */
  messages?: readonly Message[];
}

export function staleScores(entries: readonly RescoreEntry[], nowMs: number, weights: ScoreWeights): ScoreUpdate[] {
  const updates: ScoreUpdate[] = [];
  for (const { contact, stored, messages } of entries) {
    const resonance = messages ? undefined : stored.resonance;
    const fresh = scoreContact({ contact, messages, resonance, nowMs }, weights);
    if (fresh.overall !== stored.score || !sameComponents(fresh.components, stored.components)) {
      updates.push({
        contactId: contact.id,
        username: contact.username,
        displayName: contact.displayName,
        previous: stored.score,
        score: fresh.overall,
        components: fresh.components,
        resonance: fresh.components.resonance,
        readAt: contact.updatedAt,
      });
    }
  }
  return updates;
}

function sameComponents(a: ScoreComponents, b: ScoreComponents | null): boolean {
  if (!b) return false;
  for (const key of SCORE_COMPONENTS) if (a[key] !== b[key]) return false;
  return true;
}
