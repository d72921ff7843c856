import type { ScoringRow } from '../../adapters/db/score-repository';
import {
  determineActionLane,
  getScoreTier,
  scoreContact,
  type ContactScore,
  type ScoreWeights,
} from '../../domain/scoring';
import type { Message } from '../../domain/types';

/** Scoring steps shared by the contact, score and batch routes. */

export { RECENT_MESSAGES, recordScores } from '../../app/contacts/contact-scoring';

/**
 * The score a contact shows: the stored one when it has components (what lists sort by), else
 * computed now from the stored resonance or the given messages, without writing anything.
 */
export function shownScore(
  row: ScoringRow,
  messages: readonly Message[],
  deps: { now: () => number; config: { scoreWeights: ScoreWeights } },
): ContactScore {
  const { contact, stored } = row;
  if (stored.components && stored.score !== null) {
    const overall = stored.score;
    return {
      overall,
      components: stored.components,
      tier: getScoreTier(overall),
      lane: determineActionLane(contact, overall),
    };
  }
  return scoreContact({ contact, messages, resonance: stored.resonance, nowMs: deps.now() }, deps.config.scoreWeights);
}
