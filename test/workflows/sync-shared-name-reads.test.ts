import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startSyncStack } from '../helpers/sync-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// Opening a thread by a display name clicks the first row showing that name, whoever it is. On the
// later Safari server a person is listed by display name one time and by handle the next, so the
// stored listing names do not show every conversation a name could open. Through the real sync
// workflow (Temporal, PostgREST over PostgreSQL, the simulator over HTTP): a contact known only by
// the display name "Nora Rossi" is not opened by it while another contact has that display name,
// though that one was last listed by handle.

let env: TestWorkflowEnvironment;
before(async () => void (env = await startTestTemporal()));
after(async () => env?.teardown());

describe('a display name another contact has', () => {
  it('is not opened, though that contact is listed by handle: the thread is skipped with a reason', async () => {
    const sim = await startSimulator({
      flavor: 'head',
      conversations: 12,
      seed: 5,
      sharedDisplayNames: 3,
      listingDrift: { handleChance: 1, threadIdChance: 0 },
    });
    const stack = await startSyncStack(env, clientFor(sim.url), Date.now, sim.url, { backend: 'postgres' });
    const account = 'acct-shared-read';
    const sync = () => stack.syncOnce(account, { profileLookups: 0, batchSize: 25 });
    try {
      // Everyone listed by handle, stored and read; then a pair who share a display name, both in the inbox.
      await sync();
      const listed = new Set(
        (
          await stack.sb.sql.query<{ username: string }>(
            `select k.username from contacts k join conversations c on c.contact_id = k.id where k.account_id = $1`,
            [account],
          )
        ).map((r) => r.username),
      );
      const threads = sim.control.threads();
      const pair = [0, 2, 4]
        .map((i) => [threads[i]!, threads[i + 1]!] as const)
        .find(([a, b]) => listed.has(a.username) && listed.has(b.username));
      assert.ok(pair, `a pair sharing a display name, both in the inbox: ${[...listed].join(', ')}`);
      const name = pair[0].displayName;
      assert.equal(pair[1].displayName, name);
      // One of them is known by handle and display name (a profile lookup, an earlier listing);
      // a contact known only by that display name (a stale duplicate, say) is queued under it.
      await stack.sb.sql.query(`update contacts set display_name = $3 where account_id = $1 and username = $2`, [
        account,
        pair[0].username,
        name,
      ]);
      const [byName] = await stack.sb.sql.query<{ id: string }>(
        `insert into contacts (account_id, display_name) values ($1, $2) returning id`,
        [account, name],
      );
      await stack.sb.sql.query(
        `insert into conversations (account_id, contact_id, listing_name, needs_read) values ($1, $2, $3, true)`,
        [account, byName!.id, name],
      );

      const progress = await sync();
      const reads = progress.threads.filter((t) => t.name.toLowerCase() === name.toLowerCase());
      assert.deepEqual(
        reads.map((t) => [t.found, t.error?.split(':')[0]]),
        [[0, 'AMBIGUOUS_NAME']],
        `the read under "${name}": ${JSON.stringify(reads)}`,
      );
      const [held] = await stack.sb.sql.query<{ n: string }>(
        `select count(*)::text as n from messages where contact_id = $1`,
        [byName!.id],
      );
      assert.equal(held!.n, '0', "nobody's messages were stored on the contact known only by name");
    } finally {
      await stack.stop();
      await sim.close();
    }
  });
});
