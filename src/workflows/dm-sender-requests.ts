import { condition, setHandler } from '@temporalio/workflow';
import type { SenderDecision, SenderProgress } from '../domain/sender-view';
import {
  processOutreachUpdate,
  type ProcessRequest,
  type ProcessResult,
  type ProcessedItem,
} from '../contracts/sender';

/**
 * The sender's "process" requests (POST /api/outreach/process and /process-all), as an update each:
 * a request is answered by the next decision — the attempts that begin after it arrived, or why
 * nothing can go now. 'all' keeps collecting attempts until the rules stop the sender.
 */

interface Pending {
  mode: ProcessRequest['mode'];
  result: ProcessResult;
  done: boolean;
}

export function processRequests() {
  let pending: Pending[] = [];
  setHandler(processOutreachUpdate, async (req) => {
    const p: Pending = {
      mode: req.mode,
      result: { items: [], sent: 0, failed: 0, rateLimited: 0, blockedBy: null, nextSendAt: null, explanation: '' },
      done: false,
    };
    pending.push(p);
    await condition(() => p.done);
    return p.result;
  });

  return {
    any: () => pending.length > 0,
    /** The requests an attempt beginning now answers. */
    asked: (): readonly Pending[] => [...pending],
    /** Nothing can go now: every waiting request hears why. */
    blocked(d: Extract<SenderDecision, { send: false }>, view: SenderProgress): void {
      for (const p of pending) {
        Object.assign(p.result, { blockedBy: d.blockedBy, nextSendAt: view.nextSendAt, explanation: view.explanation });
        p.done = true;
      }
      pending = [];
    },
    /** An attempt ended: the requests that asked before it began hear of it; 'one' requests are done. */
    attempted(asked: readonly Pending[], item: ProcessedItem, rateLimited: boolean): void {
      for (const p of asked) {
        p.result.items.push(item);
        if (item.status === 'sent') p.result.sent++;
        if (item.status === 'failed') p.result.failed++;
        if (rateLimited) p.result.rateLimited++;
        if (p.mode === 'one') p.done = true;
      }
      pending = pending.filter((p) => !p.done);
    },
  };
}
