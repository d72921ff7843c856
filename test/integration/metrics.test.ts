import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiMetrics } from '../../src/adapters/metrics/api-metrics';
import { createMetricsTotals } from '../../src/adapters/metrics/totals';
import { createApp } from '../../src/api/app';
import { pacingSamples } from '../../src/api/routes/metrics';
import { jsonBody, TEST_API_KEY, withKey } from '../helpers/api';
import { startDmWorld } from '../helpers/dm-world';
import { eventually } from '../helpers/outreach-stack';
import { parseScrape } from '../helpers/prometheus';
import type { Json } from '../simulator/sim-fixture';

// The check: GET /metrics scraped before and after a real inbox sync and a real DM (API →
// Temporal → worker → Safari simulator → data API), with the counters moved by exactly what the
// sync reported and the one DM sent, and the queue's blockedBy as worked out from what is queued
// and paused.

const ACCOUNT = 'main';
let world: Awaited<ReturnType<typeof startDmWorld>>;
let app: ReturnType<typeof createApp>;

before(async () => {
  world = await startDmWorld(ACCOUNT);
  await world.stack.account(ACCOUNT);
  const deps = world.api.deps;
  // No cache: each scrape reads the tables now (production keeps a read for 5 s).
  const metrics = createApiMetrics({
    totals: createMetricsTotals(world.stack.crmDb),
    pacing: () => pacingSamples(deps),
    cacheMs: 0,
  });
  app = createApp(deps, { metrics });
});
after(async () => {
  await world?.stop();
});

const call = async (path: string, init: RequestInit = {}) => {
  const res = await app.request(path, withKey(init));
  return { status: res.status, body: (await res.json()) as Json };
};
const scrape = async () => {
  const res = await app.request('/metrics', { headers: { 'x-api-key': TEST_API_KEY } });
  assert.equal(res.status, 200);
  return parseScrape(await res.text());
};
const finished = (statusUrl: string, what: string) =>
  eventually(
    () => call(statusUrl),
    (r) => r.body.status !== 'RUNNING',
    what,
    60_000,
  );

describe('GET /metrics over a real sync and a real DM', () => {
  it('moves the sync, DM and HTTP counters by what happened, and shows the queue as the queue route does', async () => {
    const before = await scrape();
    assert.equal(before.get(`crm_sync_runs_total{account="${ACCOUNT}"}`), undefined, 'no sync yet');
    assert.equal(before.get(`crm_dms_total{account="${ACCOUNT}",result="sent",reason=""}`), undefined, 'no DM yet');
    assert.equal(before.get('crm_metrics_source_up{source="database"}'), 1);
    assert.equal(before.get('crm_metrics_source_up{source="pacing"}'), 1);

    const sync = await call('/api/conversations/sync', { method: 'POST' });
    assert.equal(sync.status, 202);
    const synced = await finished(sync.body.statusUrl, 'the sync to finish');
    assert.equal(synced.body.status, 'COMPLETED', JSON.stringify(synced.body));
    const result = synced.body.result as { threadsRead: number; messagesAdded: number; contactsCreated: number };
    assert.ok(
      result.threadsRead > 0 && result.messagesAdded > 0,
      `the simulator's inbox was read: ${JSON.stringify(result)}`,
    );

    const afterSync = await scrape();
    assert.equal(afterSync.get(`crm_sync_runs_total{account="${ACCOUNT}"}`), 1);
    assert.equal(afterSync.get(`crm_sync_threads_read_total{account="${ACCOUNT}"}`), result.threadsRead);
    assert.equal(afterSync.get(`crm_sync_messages_added_total{account="${ACCOUNT}"}`), result.messagesAdded);
    assert.equal(afterSync.get(`crm_sync_contacts_created_total{account="${ACCOUNT}"}`), result.contactsCreated);

    const list = await call('/api/contacts?sort=username&limit=1');
    const username = (list.body.contacts as { username: string }[])[0]!.username;
    const dm = await call(`/api/contacts/${username}/dm`, jsonBody({ text: 'Metrics test: hello from the CRM' }));
    assert.equal(dm.status, 202, JSON.stringify(dm.body));
    const sent = await finished(dm.body.statusUrl, 'the DM to settle');
    assert.equal(sent.body.result?.status, 'sent', JSON.stringify(sent.body));
    assert.equal(world.sim.control.sentCount(username, 'Metrics test: hello from the CRM'), 1);

    const afterDm = await scrape();
    assert.equal(afterDm.get(`crm_dms_total{account="${ACCOUNT}",result="sent",reason=""}`), 1);
    assert.equal(
      afterDm.get(`crm_sync_runs_total{account="${ACCOUNT}"}`),
      1,
      'the sync totals did not move with the DM',
    );
    assert.equal(afterDm.get('crm_http_requests_total{method="POST",route="/api/conversations/sync",status="202"}'), 1);
    assert.equal(afterDm.get('crm_http_requests_total{method="POST",route="/api/contacts/:id/dm",status="202"}'), 1);
    assert.equal(
      afterDm.get('crm_http_request_duration_seconds_count{method="POST",route="/api/contacts/:id/dm",status="202"}'),
      1,
    );
    assert.equal(afterDm.get(`crm_outreach_queue_depth{account="${ACCOUNT}",status="queued"}`), 0);
    assert.equal(afterDm.get(`crm_outreach_queue_depth{account="${ACCOUNT}",status="sending"}`), 0);
    assert.ok(
      ![...afterDm.keys()].some((k) => k.includes(`/api/contacts/${username}`)),
      'labelled by the route pattern, never the raw path',
    );
  });

  it("shows what holds the account's next DM back, one reason at a time: nothing queued, then a pause", async () => {
    const on = async () =>
      [...(await scrape())]
        .filter(([k, v]) => k.startsWith(`crm_outreach_blocked{account="${ACCOUNT}",`) && v === 1)
        .map(([k]) => k);
    const reason = (r: string) => `crm_outreach_blocked{account="${ACCOUNT}",blocked_by="${r}"}`;
    // Nothing waits (the one DM above went out; alone, this test queues none) and nothing is paused:
    // "empty" is the only reason, and each of the nine reasons has its series.
    assert.deepEqual(await on(), [reason('empty')]);
    assert.equal(
      [...(await scrape()).keys()].filter((k) => k.startsWith(`crm_outreach_blocked{account="${ACCOUNT}",`)).length,
      9,
    );
    // A pause comes before every other rule: "paused" alone, and "empty" again once resumed.
    assert.equal(
      (await call('/api/outreach/pause', jsonBody({ accountId: ACCOUNT, reason: 'metrics test' }))).status,
      200,
    );
    assert.deepEqual(await on(), [reason('paused')]);
    assert.equal((await call('/api/outreach/resume', jsonBody({ accountId: ACCOUNT }))).status, 200);
    assert.deepEqual(await on(), [reason('empty')]);
  });
});
