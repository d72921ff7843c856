import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import { createActivityDeps } from '../../src/activity-deps';
import { createSupabase } from '../../src/adapters/db/supabase';
import type { SafariClient, SafariConversation } from '../../src/adapters/safari/safari-client';
import { DEFAULT_SCORE_WEIGHTS } from '../../src/domain/scoring';
import type { ListingCounts, ThreadBatchResult } from '../../src/contracts/sync';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// The sync activities against the HEAD simulator (display names, lossy reads) and the real data API.

let sb: TestSupabase;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let activities: ReturnType<typeof createActivities>;
let withoutThreadIds: ReturnType<typeof createActivities>;
const env = new MockActivityEnvironment();

/**
 * The real HEAD server sends `threadId: ''` when its listing falls back to reading row texts; the
 * simulator always sends one, so this wrapper blanks them on the way back to reproduce that case.
 */
function blankThreadIds(safari: SafariClient): SafariClient {
  const strip = (rows: SafariConversation[]) => rows.map(({ threadId: _dropped, ...row }) => row);
  return {
    ...safari,
    listAllConversations: async (o) => {
      const all = await safari.listAllConversations(o);
      if (!all.ok) return all;
      return {
        ...all,
        value: Object.fromEntries(
          Object.entries(all.value).map(([tab, rows]) => [tab, strip(rows)]),
        ) as typeof all.value,
      };
    },
  };
}

before(async () => {
  [sb, sim] = await Promise.all([
    startTestSupabase('pglite'),
    startSimulator({ flavor: 'head', lossyReads: true, conversations: 8, seed: 5 }),
  ]);
  const crmDb = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  activities = createActivities(
    createActivityDeps({ crmDb, safari: clientFor(sim.url), scoreWeights: DEFAULT_SCORE_WEIGHTS }),
  );
  withoutThreadIds = createActivities(
    createActivityDeps({ crmDb, safari: blankThreadIds(clientFor(sim.url)), scoreWeights: DEFAULT_SCORE_WEIGHTS }),
  );
});
after(async () => {
  await sim?.close();
  await sb?.stop();
});

describe('inbox sync activities', () => {
  it('skips a row known only by a display name two known contacts share, instead of guessing or adding a third', async () => {
    const shown = sim.control.threads().find((t) => t.listsDisplayName)!;
    await sb.sql.exec(`insert into contacts (account_id, username, display_name) values
      ('amb', 'twin.one', '${shown.displayName}'), ('amb', 'twin.two', '${shown.displayName}')`);
    const counts = await env.run<[], ListingCounts, () => Promise<ListingCounts>>(() =>
      withoutThreadIds.syncInbox('amb', 'all'),
    );
    assert.equal(counts.ambiguous, 1);
    const rows = await sb.sql.query(`select 1 from contacts where account_id = 'amb' and display_name = $1`, [
      shown.displayName,
    ]);
    assert.equal(rows.length, 2, 'still the two known contacts, no third one for the same name');
  });

  it('gives a never-scored contact its first score even when its thread reads empty', async () => {
    sim.control.addInbound('quiet.one', 'ok'); // HEAD's reader drops texts of three characters or fewer
    await env.run(() => activities.syncInbox('quiet', 'all'));
    for (let i = 0; ; i++) {
      assert.ok(i < 50, 'the queue of threads did not empty within 50 batches');
      const batch = await env.run<[], ThreadBatchResult, () => Promise<ThreadBatchResult>>(() =>
        activities.readThreadBatch({
          accountId: 'quiet',
          token: `t${i}`,
          batchSize: 50,
          readLimit: 20,
          usernames: null,
        }),
      );
      if (batch.claimed === 0) break;
    }
    const [quiet] = await sb.sql.query<{ relationship_score: number | null; total_messages_received: number }>(
      `select relationship_score, total_messages_received from contacts where account_id = 'quiet' and username = 'quiet.one'`,
    );
    assert.equal(quiet?.total_messages_received, 0, 'the read found nothing');
    assert.equal(typeof quiet?.relationship_score, 'number');
  });
});
