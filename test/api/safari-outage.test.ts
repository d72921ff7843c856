import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository } from '../../src/adapters/db/account-repository';
import { createOutreachRepository } from '../../src/adapters/db/outreach-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import type { ApiDeps } from '../../src/api/env';
import { makeApiDeps, withKey } from '../helpers/api';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// The account's Safari server actually stopped: GET /api/status answers 503 SAFARI_UNAVAILABLE
// (with the queue and pacing it still knows), where it answered 200 while the server ran.

let sb: TestSupabase;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let app: ReturnType<typeof createApp>;

before(async () => {
  [sb, sim] = await Promise.all([startTestSupabase('pglite'), startSimulator({ flavor: 'head' })]);
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  const accounts = createAccountRepository(db);
  await accounts.ensure('test-account', sim.url);
  const safari = clientFor(sim.url);
  // No Temporal here: "no sender running" makes the pacing come from the database rules, as it does
  // for an account whose sender has not started.
  const senders = { progress: () => Promise.resolve(null) } as unknown as ApiDeps['senders'];
  app = createApp(makeApiDeps({ accounts, outreach: createOutreachRepository(db), safariFor: () => safari, senders }));
});
after(async () => {
  await sb?.stop();
});

describe('Safari stopped', () => {
  it('GET /api/status: 200 while it runs, 503 SAFARI_UNAVAILABLE with the queue and pacing once it is stopped', async () => {
    const up = await app.request('/api/status', withKey());
    assert.equal(up.status, 200, await up.clone().text());
    await sim.close();
    const down = await app.request('/api/status', withKey());
    assert.equal(down.status, 503);
    const body = (await down.json()) as {
      error: { code: string; message: string; details: { queue: { pending: number }; pacing: { accountId: string } } };
    };
    assert.equal(body.error.code, 'SAFARI_UNAVAILABLE');
    assert.equal(body.error.details.queue.pending, 0);
    assert.equal(body.error.details.pacing.accountId, 'test-account');
  });
});
