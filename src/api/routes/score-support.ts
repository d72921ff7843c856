import type { ScoringRow } from '../../adapters/db/score-repository';
import { staleScores, type RescoreEntry } from '../../domain/rescoring';
import { determineActionLane, getScoreTier, scoreContact, type ContactScore } from '../../domain/scoring';
import type { Message } from '../../domain/types';
import type { ApiDeps } from '../env';

/** Scoring steps shared by the contact, score and batch routes. */

/** How many of a contact's newest messages the API shows and scores, coaches and suggests from (the original's 50). */
export const RECENT_MESSAGES = 50;

/**
 * The score a contact shows: the stored one when it has components (what lists sort by), else
 * computed now from the stored resonance or the given messages, without writing anything.
 */
export function shownScore(row: ScoringRow, messages: readonly Message[], deps: ApiDeps): ContactScore {
  const { contact, stored } = row;
  if (stored.components && stored.score !== null) {
    const overall = stored.score;
    return { overall, components: stored.components, tier: getScoreTier(overall), lane: determineActionLane(contact, overall) };
  }
  return scoreContact({ contact, messages, resonance: stored.resonance, nowMs: deps.now() }, deps.config.scoreWeights);
}

/**
 * Writes the scores that moved, all in one request; crm_record_scores adds a score_history row and a
 * `contact.score_changed` event for each overall score that moved (`scoreChanged`). Components
 * moving alone (a recency bucket) are written too (`written`), silently.
 */
export async function recordScores(
  deps: ApiDeps,
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
