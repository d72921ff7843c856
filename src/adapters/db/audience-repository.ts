import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { CONTACTING_STATUSES } from '../../domain/outreach-transitions';
import { PIPELINE_STAGES } from '../../domain/types';
import type { WatchCursor } from '../../domain/mediaposter-watch';
import { lastContactedAt } from '../../domain/last-contacted';
import type { AudienceCandidate } from '../../domain/video-audience';
import { parseRow, unwrap } from './db-errors';
import { iso } from './values';

/**
 * What a video's audience match reads: an account's contacts a page at a time (keyset on id), each
 * with its latest inbound texts and the facts of when we last wrote to it (crm_audience_candidates;
 * src/domain/last-contacted.ts decides which count), and the
 * MediaPoster watcher's cursor. Rows are checked here, so a schema drift is an error at this
 * boundary, not a wrong score.
 */

export interface AudienceRepository {
  /** Up to `limit` (≤ 1000) contacts with ids above `afterId`, in id order. */
  /** A page of the account's contacts in id order after `afterId`, below `beforeId` when given. */
  candidates(
    accountId: string,
    afterId: string | null,
    limit: number,
    beforeId?: string | null,
  ): Promise<AudienceCandidate[]>;
  watchCursor(accountId: string): Promise<WatchCursor | null>;
  saveWatchCursor(accountId: string, cursor: WatchCursor): Promise<void>;
}

const textArray = z
  .array(z.string().nullable())
  .nullable()
  .transform((a) => (a ?? []).filter((s): s is string => s !== null));

const candidateRow = z
  .object({
    id: z.string(),
    username: z.string().nullable(),
    display_name: z.string().nullable(),
    pipeline_stage: z.enum(PIPELINE_STAGES),
    relationship_score: z.number().int().nullable(),
    what_theyre_building: z.string().nullable(),
    current_friction: z.string().nullable(),
    their_definition_of_win: z.string().nullable(),
    fit_signals: textArray,
    tags: textArray,
    opted_out: z.boolean(),
    recent_inbound: textArray,
    outbound_sent_at: z.string().nullable(),
    untimed_first_read_at: z.string().nullable(),
    untimed_later_read_at: z.string().nullable(),
    outreach_at: z.string().nullable(),
  })
  .transform((r): AudienceCandidate => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    pipelineStage: r.pipeline_stage,
    relationshipScore: r.relationship_score,
    whatTheyreBuilding: r.what_theyre_building,
    currentFriction: r.current_friction,
    theirDefinitionOfWin: r.their_definition_of_win,
    fitSignals: r.fit_signals,
    tags: r.tags,
    optedOut: r.opted_out,
    recentInbound: r.recent_inbound,
    lastContactedAt: lastContactedAt({
      outboundSentAt: iso(r.outbound_sent_at),
      untimedFirstReadAt: iso(r.untimed_first_read_at),
      untimedLaterReadAt: iso(r.untimed_later_read_at),
      outreachAt: iso(r.outreach_at),
    }),
  }));
const candidatePage = z.array(candidateRow);

const cursorRow = z.object({ cursor_at: z.string(), cursor_post_id: z.string() }).nullable();

export function createAudienceRepository(db: SupabaseClient): AudienceRepository {
  return {
    async candidates(accountId, afterId, limit, beforeId = null) {
      const op = 'read outreach candidates';
      const result = await db.rpc('crm_audience_candidates', {
        p_account_id: accountId,
        p_after_id: afterId,
        p_limit: limit,
        p_contacting: CONTACTING_STATUSES,
        p_before_id: beforeId,
      });
      return parseRow(op, candidatePage, unwrap<unknown>(op, result));
    },
    async watchCursor(accountId) {
      const op = 'read the MediaPoster watch cursor';
      const result = await db
        .from('mediaposter_watch')
        .select('cursor_at,cursor_post_id')
        .eq('account_id', accountId)
        .maybeSingle();
      const row = parseRow(op, cursorRow, unwrap<unknown>(op, result));
      // Kept as rendered (microseconds): it is compared with MediaPoster's own updated_at again.
      return row === null ? null : { at: row.cursor_at, postId: row.cursor_post_id };
    },
    async saveWatchCursor(accountId, cursor) {
      const row = {
        account_id: accountId,
        cursor_at: cursor.at,
        cursor_post_id: cursor.postId,
        updated_at: new Date().toISOString(),
      };
      unwrap(
        'save the MediaPoster watch cursor',
        await db.from('mediaposter_watch').upsert(row, { onConflict: 'account_id' }),
      );
    },
  };
}
