import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../src/api/app';
import type { WorkflowGateway } from '../../src/temporal/workflow-gateway';
import type { RescoreContactsInput } from '../../src/contracts/contacts';
import { makeApiDeps, withKey } from '../helpers/api';

describe('workflow routes', () => {
  const rescores: RescoreContactsInput[] = [];
  const described: string[] = [];
  const gateway: Partial<WorkflowGateway> = {
    start: async (contract, input) => (
      rescores.push(input as unknown as RescoreContactsInput),
      { workflowId: contract.id(input), runId: 'r1' }
    ),
    describe: async (id) => (
      described.push(id),
      id.startsWith('rescore-contacts:') ? { status: 'COMPLETED', result: { scanned: 3 } } : null
    ),
  };
  const app = createApp(makeApiDeps({ workflows: gateway as WorkflowGateway }));

  it('starts an account-wide rescore and points at its status', async () => {
    const res = await app.request('/api/scoring/rescore', withKey({ method: 'POST' }));
    assert.equal(res.status, 202);
    const body = (await res.json()) as { workflowId: string; statusUrl: string };
    assert.equal(body.workflowId, 'rescore-contacts:test-account');
    assert.equal(body.statusUrl, '/api/workflows/rescore-contacts%3Atest-account');
    assert.equal(rescores[0]?.reason, 'manual');
    assert.equal(rescores[0]?.pageSize, 1000);

    const status = await app.request(body.statusUrl, withKey());
    assert.equal(status.status, 200);
    assert.deepEqual(((await status.json()) as { result: unknown }).result, { scanned: 3 });
  });

  it("looks up only this CRM's workflow ids", async () => {
    described.length = 0;
    assert.equal((await app.request('/api/workflows/someone-elses:workflow', withKey())).status, 404);
    assert.deepEqual(described, [], 'a foreign id is not even looked up');
    assert.equal((await app.request('/api/workflows/not%20an%20id', withKey())).status, 400);
  });
});
