import type { ActionLane } from './types';
import { determineActionLane } from './scoring';
import { matchPrepared, prepare, type AudienceCandidate, type MatchReason, type VideoInterest } from './audience-terms';

// Matching and the DM's reason live in their own files; importers keep using this one.
export { SOURCE_POINTS, matchContact, videoInterest } from './audience-terms';
export type { AudienceCandidate, ContactMatch, MatchReason, MatchSource, VideoInterest } from './audience-terms';
export { fitReason, MAX_REASON_LENGTH } from './fit-reason';

/**
 * Which contacts a just-posted video interests, how much, and why (the why goes into the DM). The
 * video's keywords become terms; a term matches a contact's text when all its words are there, and
 * each source of text is worth its own points. It runs over every contact of an account (100,000 is
 * a real size), streamed a page at a time, so the interest is tokenized once, each candidate field
 * once, and only the best `max` plus a small preview of the excluded are ever held.
 */

export interface AudienceRules {
  minScore: number;
  max: number;
  cooldownMs: number;
  nowMs: number;
}
export type ExclusionReason = 'opted_out' | 'no_handle' | 'cooldown' | 'over_limit';
export interface AudienceMember {
  candidate: AudienceCandidate;
  score: number;
  reasons: MatchReason[];
  lane: ActionLane;
}
export interface ExcludedMember extends AudienceMember {
  excluded: ExclusionReason;
}
export interface AudienceCounts {
  scanned: number;
  matched: number;
  belowMinScore: number;
  opted_out: number;
  no_handle: number;
  cooldown: number;
  over_limit: number;
}
export interface AudienceResult {
  chosen: AudienceMember[];
  excluded: ExcludedMember[];
  counts: AudienceCounts;
}

/** Enough of the excluded to show a person why the list is shorter than expected. */
export const EXCLUDED_SAMPLE = 50;

/** Score desc, relationship score desc (never scored last), handle asc (none last), then id: a total order. */
function bestFirst(a: AudienceMember, b: AudienceMember): number {
  const ra = a.candidate.relationshipScore ?? Number.NEGATIVE_INFINITY;
  const rb = b.candidate.relationshipScore ?? Number.NEGATIVE_INFINITY;
  return (
    b.score - a.score ||
    (ra === rb ? 0 : rb > ra ? 1 : -1) ||
    ascending(a.candidate.username, b.candidate.username) ||
    ascending(a.candidate.id, b.candidate.id)
  );
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
export function createAudienceSelector(
  interest: VideoInterest,
  rules: AudienceRules,
): { add(page: readonly AudienceCandidate[]): void; result(): AudienceResult } {
  const max = Number.isFinite(rules.max) ? Math.max(0, Math.floor(rules.max)) : Number.MAX_SAFE_INTEGER;
  // A contact with no reason at all is never "interested", whatever minScore says.
  const minScore = rules.minScore > 1 ? rules.minScore : 1;
  const counts: AudienceCounts = {
    scanned: 0,
    matched: 0,
    belowMinScore: 0,
    opted_out: 0,
    no_handle: 0,
    cooldown: 0,
    over_limit: 0,
  };
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
        const member: AudienceMember = {
          candidate,
          score,
          reasons,
          lane: determineActionLane(candidate, candidate.relationshipScore),
        };
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
      const sample = [
        ...excluded.sorted(),
        ...ranked.slice(max).map((m): ExcludedMember => ({ ...m, excluded: 'over_limit' })),
      ];
      sample.sort(bestFirst);
      return {
        chosen,
        excluded: sample.slice(0, EXCLUDED_SAMPLE),
        counts: { ...counts, over_limit: eligibleCount - chosen.length },
      };
    },
  };
}

export function selectAudience(
  interest: VideoInterest,
  candidates: readonly AudienceCandidate[],
  rules: AudienceRules,
): AudienceResult {
  const selector = createAudienceSelector(interest, rules);
  selector.add(candidates);
  return selector.result();
}
