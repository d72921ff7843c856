import { Context } from '@temporalio/activity';
import { staleScores } from '../domain/rescoring';
import type { RescorePageResult } from '../contracts/contacts';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

/**
 * One page of an account-wide rescore: read the rows, score them with the stored resonance (it
 * depends on messages only, which did not change), write back only what moved.
 */
export function createRescoreActivities(deps: ActivityDeps) {
  return {
    async rescoreContactsPage(
      accountId: string,
      afterId: string | null,
      pageSize: number,
      reason: string,
    ): Promise<RescorePageResult> {
      return coded(async () => {
        const rows = await deps.scores.page(accountId, afterId, pageSize);
        Context.current().heartbeat(afterId);
        const updates = staleScores(rows, deps.now(), deps.scoreWeights);
        const written = await deps.scores.record(accountId, updates, reason);
        return {
          scanned: rows.length,
          updated: written.updated,
          scoreChanged: written.scoreChanged,
          nextAfterId: rows.length === pageSize ? rows[rows.length - 1]!.contact.id : null,
        };
      });
    },
  };
}
