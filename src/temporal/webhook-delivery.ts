import { createOutboxWaker, type OutboxWaker } from '../adapters/webhooks/outbox-waker';
import { webhookDispatcherContract } from '../contracts/catalogue';
import { outboxChangedSignal, type WebhookDispatcherInput } from '../contracts/webhooks';
import type { WorkflowGateway } from './workflow-gateway';

/** Between two wake-ups of one process: a sync writing all the time wakes the dispatcher 10 times a second, not hundreds. */
const WAKE_GAP_MS = 100;

/**
 * The outbox waker of a process: each poke becomes a signal-with-start of the one webhook
 * dispatcher, so the dispatcher also starts on the first write after a fresh install.
 */
export function dispatcherWaker(
  workflows: Pick<WorkflowGateway, 'signalWithStart'>,
  input: WebhookDispatcherInput,
  onError: (err: unknown) => void,
): OutboxWaker {
  return createOutboxWaker(
    () => workflows.signalWithStart(webhookDispatcherContract, input, outboxChangedSignal, { reason: 'write' }),
    onError,
    WAKE_GAP_MS,
  );
}
