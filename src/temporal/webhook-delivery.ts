import { createOutboxWaker, type OutboxWaker } from '../adapters/webhooks/outbox-waker';
import { webhookDispatcherContract } from '../workflows/webhook-dispatcher';
import { outboxChangedSignal, type WebhookDispatcherInput } from '../workflows/webhook-definitions';
import type { WorkflowGateway } from './workflow-gateway';

/**
 * The outbox waker of a process: each poke becomes a signal-with-start of the one webhook
 * dispatcher, so the dispatcher also starts on the first write after a fresh install.
 */
export function dispatcherWaker(
  workflows: Pick<WorkflowGateway, 'signalWithStart'>,
  input: WebhookDispatcherInput,
  onError: (err: unknown) => void,
): OutboxWaker {
  return createOutboxWaker(() => workflows.signalWithStart(webhookDispatcherContract, input, outboxChangedSignal, { reason: 'write' }), onError);
}
