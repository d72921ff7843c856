import { defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { defineWorkflow, PROGRESS_QUERY_NAME } from './contract';
import type { TestResult, WebhookTestInput } from './webhook-definitions';

export const webhookTestProgressQuery = defineQuery<{ phase: 'sending' | 'done'; result: TestResult | null }>(PROGRESS_QUERY_NAME);

/** POST /api/webhooks/test: one test message to every subscribed endpoint, each attempt logged. */
export async function webhookTest(input: WebhookTestInput): Promise<TestResult> {
  let result: TestResult | null = null;
  setHandler(webhookTestProgressQuery, () => ({ phase: result ? 'done' : 'sending', result }));
  // One attempt each, as the original's test: a retry would report a result the caller no longer waits for.
  const a = proxyActivities<Activities>({ startToCloseTimeout: input.timeoutMs * 2 + 30_000, retry: { maximumAttempts: 1 } });
  result = await a.sendTestWebhook(input);
  return result;
}

export const webhookTestContract = defineWorkflow({
  workflow: webhookTest,
  kind: 'webhook-test',
  policy: 'once',
  id: (input) => `webhook-test:${input.messageId}`,
  progressQuery: webhookTestProgressQuery,
  summary: (input) => `Test ${input.event} to subscribed endpoints`,
});
