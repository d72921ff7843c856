import { dmSenderContract } from '../contracts/catalogue';
import {
  processOutreachUpdate,
  queueChangedSignal,
  settingsChangedSignal,
  type DmSenderInput,
  type ProcessRequest,
  type ProcessResult,
  type SenderProgress,
} from '../contracts/sender';
import type { SenderWaker } from '../app/outreach/sender-waker';
import { coalesceByKey } from '../adapters/coalesce';
import type { WorkflowGateway } from './workflow-gateway';

/** The one implementation of waking a sender: signal-with-start its workflow, keyed by account. */
export function createSenderWaker(
  gateway: Pick<WorkflowGateway, 'signalWithStart'>,
  senderInput: (accountId: string) => DmSenderInput,
): SenderWaker {
  return {
    async wakeSender(accountId, reason) {
      await gateway.signalWithStart(dmSenderContract, senderInput(accountId), queueChangedSignal, { reason });
    },
  };
}

/**
 * How the API talks to the accounts' senders. Waking is coalesced per account: a signal goes out
 * at the end of the event-loop turn in which it was first asked for, or after the one in flight,
 * and every caller until then shares it — it still starts after their items were stored, so none
 * can be missed. The requests of one group commit (adapters/db/api-batching.ts) are answered in
 * one turn, so a group costs one signal, not one per request.
 */
export interface SenderControl extends SenderWaker {
  /** Items were queued, approved or cancelled (starts the sender if it does not run). */
  queueChanged(accountId: string): Promise<void>;
  /** The account's settings or pause state changed. */
  settingsChanged(accountId: string): Promise<void>;
  /** Asks the sender to release the next ready item (or all of them) now; null if it took longer than waitMs. */
  process(accountId: string, request: ProcessRequest, waitMs: number): Promise<ProcessResult | null>;
  /** The sender's own account of its state; null when no sender runs for the account. */
  progress(accountId: string): Promise<SenderProgress | null>;
}

type Kind = 'queue' | 'settings';

export function createSenderControl(
  gateway: WorkflowGateway,
  senderInput: (accountId: string) => DmSenderInput,
): SenderControl {
  const waker = createSenderWaker(gateway, senderInput);
  const signal = (accountId: string, kind: Kind): Promise<unknown> =>
    kind === 'queue'
      ? waker.wakeSender(accountId, 'queue changed')
      : gateway.signalWithStart(dmSenderContract, senderInput(accountId), settingsChangedSignal, {
          reason: 'settings changed',
        });
  // The same group commit as the API's data-API calls: one signal per account and kind at a time,
  // sent at the end of the turn it was first asked in, shared by everyone who asks until it goes.
  const coalesced = coalesceByKey<null, undefined>(async (key, callers) => {
    const at = key.indexOf(':');
    await signal(key.slice(at + 1), key.slice(0, at) as Kind);
    return callers.map(() => undefined);
  });
  const wake = (accountId: string, kind: Kind): Promise<void> => coalesced(`${kind}:${accountId}`, null);

  return {
    queueChanged: (accountId) => wake(accountId, 'queue'),
    // Coalesced like queueChanged: the signal's reason stays 'queue changed'.
    wakeSender: (accountId) => wake(accountId, 'queue'),
    settingsChanged: (accountId) => wake(accountId, 'settings'),

    async process(accountId, request, waitMs) {
      await wake(accountId, 'settings');
      const id = dmSenderContract.id(senderInput(accountId));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
      try {
        return await Promise.race([gateway.executeUpdate(id, processOutreachUpdate, request), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    // Through the gateway, so a Temporal that does not answer costs its deadline, not the request,
    // and the answer is checked by the sender's contract.
    progress: (accountId) => gateway.progress(dmSenderContract, dmSenderContract.id(senderInput(accountId))),
  };
}
