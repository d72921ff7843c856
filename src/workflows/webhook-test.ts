import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { webhookTestProgressQuery, type TestResult, type WebhookTestInput } from '../contracts/webhooks';

/** POST /api/webhooks/test: one test message to every subscribed endpoint, each attempt logged. */
export async function webhookTest(input: WebhookTestInput): Promise<TestResult> {
  let result: TestResult | null = null;
  setHandler(webhookTestProgressQuery, () => ({ phase: result ? 'done' : 'sending', result }));
  // One attempt each, as the original's test: a retry would report a result the caller no longer waits for.
  const a = proxyActivities<Activities>({
    startToCloseTimeout: input.timeoutMs * 2 + 30_000,
    retry: { maximumAttempts: 1 },
  });
  result = await a.sendTestWebhook(input);
  return result;
}
