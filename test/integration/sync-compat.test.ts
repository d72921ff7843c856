import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/api/app';
import { withKey } from '../helpers/api';
import { startDmWorld } from '../helpers/dm-world';
import type { Json } from '../simulator/sim-fixture';

// The original server's /api/sync/* routes end to end: API → real Temporal → worker → Safari
// simulator → data API, each waiting for the workflow's result and answering in the original's
// shape (test/api/sync.test.ts checks the same shapes over a stand-in gateway, for the odd cases).

const ACCOUNT = 'compat';
let world: Awaited<ReturnType<typeof startDmWorld>>;
let app: ReturnType<typeof createApp>;

before(async () => {
  world = await startDmWorld(ACCOUNT);
  app = createApp(world.api.deps);
});
after(async () => {
  await world?.stop();
});

const post = async (path: string) => {
  const res = await app.request(path, withKey({ method: 'POST' }));
  return { status: res.status, body: (await res.json()) as Json };
};

describe('original /api/sync/* routes over the real workflow', () => {
  it('POST /api/sync/conversations lists the inbox into contacts and answers the counts', async () => {
    const res = await post('/api/sync/conversations');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const listed = world.sim.control.threads().length;
    assert.deepEqual(res.body, { contactsFound: listed, contactsCreated: listed, contactsUpdated: 0, errors: [] });
  });

  it('POST /api/sync/full reads every thread and answers one result per thread', async () => {
    const res = await post('/api/sync/full');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const results = res.body.messages as {
      username: string;
      result: { success: boolean; messagesFound: number; messagesSaved: number };
    }[];
    assert.equal(results.length, world.sim.control.threads().length);
    assert.ok(
      results.every((r) => r.result.success),
      JSON.stringify(results.filter((r) => !r.result.success)),
    );
    const saved = results.reduce((n, r) => n + r.result.messagesSaved, 0);
    const [stored] = await world.stack.sb.sql.query<{ n: string }>(
      `select count(*) as n from messages where account_id = $1`,
      [ACCOUNT],
    );
    assert.ok(saved > 0, 'the simulator inbox has messages');
    assert.equal(saved, Number(stored!.n), 'what the answer says was saved is what is stored');
  });

  it('POST /api/sync/messages/{username} reads one thread; a handle Safari cannot open is an error in the answer, not a 500', async () => {
    const [known] = await world.stack.sb.sql.query<{ username: string }>(
      `select username from contacts where account_id = $1 and username is not null order by username limit 1`,
      [ACCOUNT],
    );
    const one = await post(`/api/sync/messages/${known!.username}`);
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(one.body.success, true);
    assert.equal(one.body.messagesSaved, 0, 'already stored by the full sync');

    const missing = await post('/api/sync/messages/no.such.person');
    assert.equal(missing.status, 200, JSON.stringify(missing.body));
    assert.equal(missing.body.success, false);
    assert.match(missing.body.error as string, /^NOT_FOUND/);
  });
});
