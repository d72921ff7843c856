import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../src/api/app';
import type { AwaitedResult, WorkflowGateway } from '../../src/temporal/workflow-gateway';
import type { SyncConversationsInput, SyncProgress } from '../../src/contracts/sync';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';

const progress: SyncProgress = {
  phase: 'done',
  runs: 1,
  batches: 2,
  conversationsFound: 7,
  contactsCreated: 3,
  contactsUpdated: 1,
  threadsQueued: 4,
  threadsRead: 2,
  threadsFailed: 1,
  threadGaps: 0,
  ambiguousRows: 0,
  messagesAdded: 9,
  messageEvents: 2,
  scoresChanged: 2,
  conflicts: 0,
  threads: [
    { name: 'maya.creates', found: 12, saved: 5 },
    { name: 'ghost', found: 0, saved: 0, error: 'NOT_FOUND: no such thread' },
  ],
  truncated: false,
};

function fakeGateway(awaited: AwaitedResult) {
  const started: SyncConversationsInput[] = [];
  const gateway: Partial<WorkflowGateway> = {
    start: async (contract, input, key) => {
      started.push(input as unknown as SyncConversationsInput);
      return { workflowId: contract.id(input, key), runId: contract.kind === 'sync-contacts' ? 'run-2' : 'run-1' };
    },
    // A fake answers whatever the test gives it; the real gateway checks results by the contract.
    awaitResult: (async () => awaited) as WorkflowGateway['awaitResult'],
    describe: async (id) => (id === 'sync-conversations:test-account' ? { status: 'RUNNING', progress } : null),
  };
  return { started, gateway: gateway as WorkflowGateway };
}

describe('sync routes', () => {
  it('starts an inbox sync with the configured batch settings and answers 202 with links', async () => {
    const { started, gateway } = fakeGateway({ done: false });
    const app = createApp(makeApiDeps({ workflows: gateway }));
    const res = await app.request('/api/conversations/sync', withKey(jsonBody({ tab: 'requests' })));
    assert.equal(res.status, 202);
    const body = (await res.json()) as { workflowId: string; statusUrl: string; temporalUiUrl: string };
    assert.equal(body.workflowId, 'sync-conversations:test-account');
    assert.match(
      body.temporalUiUrl,
      /\/namespaces\/default\/workflows\/sync-conversations%3Atest-account\/run-1\/history$/,
    );
    assert.deepEqual(started[0]?.scope, { kind: 'inbox', tab: 'requests' });
    assert.equal(started[0]?.readThreads, true);
    assert.equal(started[0]?.batchSize, 20);
  });

  it('accepts a bodiless start (defaults), and rejects an unknown tab', async () => {
    const { started, gateway } = fakeGateway({ done: false });
    const app = createApp(makeApiDeps({ workflows: gateway }));
    assert.equal((await app.request('/api/conversations/sync', withKey({ method: 'POST' }))).status, 202);
    assert.deepEqual(started[0]?.scope, { kind: 'inbox', tab: 'all' });
    assert.equal((await app.request('/api/conversations/sync', withKey(jsonBody({ tab: 'spam' })))).status, 400);
  });

  it('reports progress of a sync and 404 for ids that are not syncs', async () => {
    const app = createApp(makeApiDeps({ workflows: fakeGateway({ done: false }).gateway }));
    const res = await app.request('/api/conversations/sync/sync-conversations:test-account', withKey());
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { progress: SyncProgress }).progress.messagesAdded, 9);
    assert.equal((await app.request('/api/conversations/sync/import-contacts:test-account:x', withKey())).status, 404);
  });

  it("answers the original server's POST /api/sync/conversations shape from the workflow result", async () => {
    const { started, gateway } = fakeGateway({ done: true, result: progress });
    const res = await createApp(makeApiDeps({ workflows: gateway })).request(
      '/api/sync/conversations',
      withKey({ method: 'POST' }),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { contactsFound: 7, contactsCreated: 3, contactsUpdated: 1, errors: [] });
    assert.equal(started[0]?.readThreads, false, 'the original listed contacts only');
  });

  it('puts a failed sync into errors, as the original did, instead of a 500', async () => {
    const { gateway } = fakeGateway({ done: true, error: 'SESSION_MISSING: Instagram Safari session not found' });
    const res = await createApp(makeApiDeps({ workflows: gateway })).request(
      '/api/sync/conversations',
      withKey({ method: 'POST' }),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { errors: string[] }).errors, [
      'SESSION_MISSING: Instagram Safari session not found',
    ]);
  });

  it('answers 202 with the status link when the sync outlasts the wait', async () => {
    const { gateway } = fakeGateway({ done: false });
    const res = await createApp(makeApiDeps({ workflows: gateway })).request(
      '/api/sync/full',
      withKey({ method: 'POST' }),
    );
    assert.equal(res.status, 202);
    assert.match(((await res.json()) as { statusUrl: string }).statusUrl, /^\/api\/conversations\/sync\//);
  });

  it('answers POST /api/sync/messages/:username and POST /api/sync/full in the original shapes', async () => {
    const { started, gateway } = fakeGateway({ done: true, result: progress });
    const app = createApp(makeApiDeps({ workflows: gateway }));
    const one = await app.request('/api/sync/messages/@Maya.Creates', withKey({ method: 'POST' }));
    assert.deepEqual(await one.json(), { success: true, messagesFound: 12, messagesSaved: 5 });
    assert.deepEqual(started[0]?.scope, { kind: 'contacts', usernames: ['maya.creates'] });
    const full = (await (await app.request('/api/sync/full', withKey({ method: 'POST' }))).json()) as {
      messages: unknown[];
    };
    assert.deepEqual(full.messages[1], {
      username: 'ghost',
      result: { success: false, messagesFound: 0, messagesSaved: 0, error: 'NOT_FOUND: no such thread' },
    });
  });
});
