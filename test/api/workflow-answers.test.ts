import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../src/api/app';
import { WorkflowAnswerInvalid } from '../../src/temporal/temporal-errors';
import type { WorkflowGateway } from '../../src/temporal/workflow-gateway';
import { makeApiDeps, withKey } from '../helpers/api';

// A workflow answering outside its contract (a worker on other code) is a coded 502 in the error
// envelope, never a 500 and never the odd shape passed on.

const invalid = () =>
  new WorkflowAnswerInvalid('result of syncConversations', [
    { path: 'conversationsFound', message: 'expected number' },
  ]);

describe('a workflow answer that does not match its contract', () => {
  it('answers 502 WORKFLOW_ANSWER_INVALID where a route waits for a result', async () => {
    const gateway: Partial<WorkflowGateway> = {
      start: async (contract, input, key) => ({ workflowId: contract.id(input, key), runId: 'run-1' }),
      awaitResult: async () => {
        throw invalid();
      },
    };
    const res = await createApp(makeApiDeps({ workflows: gateway as WorkflowGateway })).request(
      '/api/sync/conversations',
      withKey({ method: 'POST' }),
    );
    assert.equal(res.status, 502);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string | null } };
    assert.equal(body.error.code, 'WORKFLOW_ANSWER_INVALID');
    assert.match(body.error.message, /result of syncConversations/);
  });

  it('answers 502 where a status route reads progress, and passes the contract to the gateway to check with', async () => {
    const asked: (string | undefined)[] = [];
    const gateway: Partial<WorkflowGateway> = {
      describe: async (_id, contract) => {
        asked.push(contract?.kind);
        throw invalid();
      },
    };
    const res = await createApp(makeApiDeps({ workflows: gateway as WorkflowGateway })).request(
      '/api/conversations/sync/sync-contacts:test-account:k',
      withKey(),
    );
    assert.equal(res.status, 502);
    assert.deepEqual(asked, ['sync-contacts']);
  });
});
