import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../src/api/app';
import { createTemporalClient } from '../../src/temporal/client';
import { createWorkflowGateway } from '../../src/temporal/workflow-gateway';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import { startTestTemporal } from '../helpers/temporal';

// Temporal actually stopped under a running API: routes that start or read workflows answer 503
// TEMPORAL_UNAVAILABLE in bounded time, never a 500 or a hang.

let env: TestWorkflowEnvironment;
let app: ReturnType<typeof createApp>;
let close: () => Promise<void>;

before(async () => {
  env = await startTestTemporal();
  const { client, connection } = createTemporalClient({
    address: env.address,
    namespace: 'default',
    tls: false,
  } as Parameters<typeof createTemporalClient>[0]);
  close = () => connection.close();
  app = createApp(makeApiDeps({ workflows: createWorkflowGateway(client, 'outage-queue') }));
  // Proves the route works while Temporal is up, so the 503 below is the outage and nothing else.
  const up = await app.request('/api/workflows/import-contacts:test-account:nothing', withKey());
  assert.equal(up.status, 404);
  await env.teardown();
});
after(async () => {
  await close?.();
});

describe('Temporal stopped', () => {
  it('a workflow start (contact import) answers 503 TEMPORAL_UNAVAILABLE', async () => {
    const res = await app.request('/api/contacts/import', withKey(jsonBody({ contacts: [{ username: 'someone' }] })));
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'TEMPORAL_UNAVAILABLE');
  });

  it('a workflow status answers 503 TEMPORAL_UNAVAILABLE, not "not found"', async () => {
    const res = await app.request('/api/workflows/import-contacts:test-account:nothing', withKey());
    assert.equal(res.status, 503);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    assert.equal(body.error.code, 'TEMPORAL_UNAVAILABLE');
    assert.ok(body.error.requestId);
  });
});
