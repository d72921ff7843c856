import { Context, log } from '@temporalio/activity';
import { checkKeywordReplies } from '../app/automations/keyword-check';
import type { ActivityDeps } from './deps';

/**
 * Keyword replies after a thread batch is stored (the full sync's and the reply watch's alike),
 * at best: a failure is logged and the batch stands, since the messages stay unchecked and the
 * next batch or sync of the account checks them (app/automations/keyword-check.ts).
 */
export async function checkKeywordsAfterBatch(deps: ActivityDeps, accountId: string): Promise<void> {
  try {
    const r = await checkKeywordReplies(deps, accountId, () => Context.current().heartbeat());
    if (r.matched > 0) log.info('keyword replies', { accountId, ...r });
  } catch (err) {
    log.warn('keyword replies not checked now; the next batch or sync checks these messages', {
      accountId,
      err: (err as Error).message,
    });
  }
}
