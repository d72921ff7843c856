import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createContactRepository } from '../../src/adapters/db/contact-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createActivityDeps } from '../../src/activity-deps';
import { DEFAULT_SCORE_WEIGHTS } from '../../src/domain/scoring';
import { clientFor } from '../simulator/sim-fixture';
import { createApp } from '../../src/api/app';
import { createWorkflowGateway } from '../../src/temporal/workflow-gateway';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';
import { startTestSupabase, type BackendKind, type TestSupabase } from '../helpers/supabase';
import { startTestTemporal, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

// API → Temporal → activity → supabase-js → PostgREST → database, and back out through the API.

let env: TestWorkflowEnvironment;
before(async () => {
  env = await startTestTemporal();
});
after(async () => {
  await env?.teardown();
});

async function waitForStatus(app: ReturnType<typeof createApp>, statusUrl: string) {
  for (let i = 0; i < 100; i++) {
    const res = await app.request(statusUrl, withKey());
    const body = (await res.json()) as { status: string; result?: unknown };
    if (body.status !== 'RUNNING') return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

for (const backend of ['pglite', 'postgres'] as BackendKind[]) {
  describe(`round trip over ${backend}`, () => {
    let sb: TestSupabase;
    let worker: Worker;
    let running: Promise<void>;
    let app: ReturnType<typeof createApp>;

    before(async () => {
      sb = await startTestSupabase(backend);
      const crmDb = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
      const contacts = createContactRepository(crmDb);
      const taskQueue = uniqueTaskQueue('round-trip');
      worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities: createActivities(
          createActivityDeps({ crmDb, safari: clientFor('http://127.0.0.1:9'), scoreWeights: DEFAULT_SCORE_WEIGHTS }),
        ),
      });
      running = worker.run();
      app = createApp(
        makeApiDeps({
          workflows: createWorkflowGateway(env.client, taskQueue),
          contacts,
          config: { accountId: `acct-${backend}` },
        }),
      );
    });
    after(async () => {
      worker?.shutdown();
      await running;
      await sb?.stop();
    });

    it('imports contacts through a workflow and reads them back through the API', async () => {
      const started = await app.request(
        '/api/contacts/import',
        withKey(
          jsonBody({
            contacts: [{ username: '@Maya.Creates', display_name: 'Maya', tags: ['vip'] }, { username: 'ben_builds' }],
          }),
        ),
      );
      assert.equal(started.status, 202);
      const { workflowId, statusUrl } = (await started.json()) as { workflowId: string; statusUrl: string };
      assert.match(workflowId, new RegExp(`^import-contacts:acct-${backend}:`));

      const done = await waitForStatus(app, statusUrl);
      assert.deepEqual(done, {
        ...done,
        status: 'COMPLETED',
        result: { total: 2, processed: 2, created: 2, updated: 0, unchanged: 0 },
      });

      const read = await app.request('/api/contacts/maya.creates', withKey());
      assert.equal(read.status, 200);
      const { contact } = (await read.json()) as { contact: Record<string, unknown> };
      assert.equal(contact.username, 'maya.creates');
      assert.equal(contact.display_name, 'Maya');
      assert.deepEqual(contact.tags, ['vip']);
      assert.equal(contact.pipeline_stage, 'first_touch');
    });

    it('updates only the given fields on a re-import and records one event per change', async () => {
      const res = await app.request(
        '/api/contacts/import',
        withKey(jsonBody({ contacts: [{ username: 'maya.creates', notes: 'met at a meetup' }] })),
      );
      const { statusUrl } = (await res.json()) as { statusUrl: string };
      const done = await waitForStatus(app, statusUrl);
      assert.deepEqual((done as { result: unknown }).result, {
        total: 1,
        processed: 1,
        created: 0,
        updated: 1,
        unchanged: 0,
      });

      const { contact } = (await (await app.request('/api/contacts/maya.creates', withKey())).json()) as {
        contact: Record<string, unknown>;
      };
      assert.equal(contact.notes, 'met at a meetup');
      assert.equal(contact.display_name, 'Maya', 'a field not given is left alone');
      const events = await sb.sql.query<{ type: string; entity_seq: number }>(
        `select type, entity_seq from event_outbox where entity_id = $1 order by entity_seq`,
        [contact.id],
      );
      // Created, scored at once (its first score), then updated by the re-import, which scores nothing new.
      assert.deepEqual(events, [
        { type: 'contact.created', entity_seq: 1 },
        { type: 'contact.score_changed', entity_seq: 2 },
        { type: 'contact.updated', entity_seq: 3 },
      ]);
    });
  });
}
