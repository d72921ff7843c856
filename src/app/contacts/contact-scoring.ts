import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { ScoreRepository } from '../../adapters/db/score-repository';
import { normalizeUsername, type ContactFields, type ContactWriteResult } from '../../domain/contact-fields';
import { staleScores, type RescoreEntry } from '../../domain/rescoring';
import type { ScoreWeights } from '../../domain/scoring';

/**
 * Contacts written, then every one of them never scored gets its score at once, so a new contact
 * sorts by score from the moment it exists (the original server gave every new contact 50; ours
 * gives what the formula says). Keyed on "never scored", not on "created now", so a retry after
 * the write still scores what the first attempt wrote.
 */

/** Messages a first score reads (resonance), as a rescore of a changed thread does. */
const FIRST_SCORE_MESSAGES = 50;

export interface ScoringPorts {
  contacts: Pick<ContactRepository, 'upsertContacts'>;
  scores: Pick<ScoreRepository, 'byUsernames' | 'recentMessages' | 'record'>;
}

export async function upsertScored(
  ports: ScoringPorts,
  accountId: string,
  contacts: ContactFields[],
  scoring: { nowMs: number; weights: ScoreWeights },
): Promise<ContactWriteResult> {
  const written = await ports.contacts.upsertContacts(accountId, contacts);
  const names = [...new Set(contacts.map((c) => normalizeUsername(c.username)))];
  const unscored = (await ports.scores.byUsernames(accountId, names)).filter((r) => r.stored.score === null);
  if (unscored.length > 0) {
    const messages = await ports.scores.recentMessages(
      unscored.map((r) => r.contact.id),
      FIRST_SCORE_MESSAGES,
    );
    const entries = unscored.map((r) => ({ ...r, messages: messages.get(r.contact.id) ?? [] }));
    await ports.scores.record(accountId, staleScores(entries, scoring.nowMs, scoring.weights), 'contact_created');
  }
  return written;
}

/** How many of a contact's newest messages the API shows and scores, coaches and suggests from (the original's 50). */
export const RECENT_MESSAGES = 50;

/**
 * Writes the scores that moved, all in one request; crm_record_scores adds a score_history row and a
 * `contact.score_changed` event for each overall score that moved (`scoreChanged`). Components
 * moving alone (a recency bucket) are written too (`written`), silently.
 */
export async function recordScores(
  deps: { scores: Pick<ScoreRepository, 'record'>; config: { scoreWeights: ScoreWeights } },
  accountId: string,
  entries: readonly RescoreEntry[],
  reason: string,
  nowMs: number,
): Promise<{ written: number; scoreChanged: number }> {
  const updates = staleScores(entries, nowMs, deps.config.scoreWeights);
  if (updates.length === 0) return { written: 0, scoreChanged: 0 };
  const { scoreChanged } = await deps.scores.record(accountId, updates, reason);
  return { written: updates.length, scoreChanged };
}
