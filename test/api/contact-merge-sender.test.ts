import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { jsonBody, withKey } from '../helpers/api';
import { eventually, startOutreachStack } from '../helpers/outreach-stack';
import { startTestTemporal } from '../helpers/temporal';
import { clientFor, startSimulator, type Json } from '../simulator/sim-fixture';

// Merging by hand while the account's DM sender runs: real API, Temporal, worker and simulator,
// over PostgreSQL. A DM being sent holds the merge; a DM still waiting for the absorbed handle is
// cancelled (another handle) or follows the survivor unchanged (the same handle), and every DM
// that goes out goes to the handle it was written for, once.

type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Stack;
let app: ReturnType<Stack['api']>['app'];
const SEND = '/api/messages/send-to';

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({
      flavor: 'head',
      conversations: 12,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
  ]);
  // A gap between two DMs, so the queue still holds DMs when the merge comes.
  const pacing = { CRM_RATE_MIN_DELAY_MS: '800', CRM_RATE_MAX_DELAY_MS: '800', CRM_APPROVAL_MODE: 'none' };
  stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    backend: 'postgres',
    env: { CRM_ACCOUNT_ID: 'main', ...pacing },
  });
  app = stack.api().app;
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

const people = () => sim.control.threads().map((t) => t.username);
const merge = async (id: string, into: string, handleChanged?: boolean, accountId = 'main') => {
  const res = await app.request(
    `/api/contacts/${id}/merge?accountId=${accountId}`,
    withKey(jsonBody({ into, ...(handleChanged ? { handleChanged } : {}) })),
  );
  return { status: res.status, body: (await res.json()) as Json };
};
const items = (accountId: string) =>
  stack.sb.sql.query<{
    id: string;
    username: string;
    text: string;
    status: string;
    contact_id: string;
    last_error: string | null;
  }>(`select id, username, text, status, contact_id, last_error from outreach_items where account_id = $1`, [
    accountId,
  ]);
const item = async (id: string) =>
  (
    await stack.sb.sql.query<{ status: string; contact_id: string; username: string }>(
      `select status, contact_id, username from outreach_items where id = $1`,
      [id],
    )
  )[0]!;

/** Merges once no DM is going out, recording every refusal on the way (bounded). */
async function mergeWhenSettled(id: string, into: string, handleChanged?: boolean, accountId = 'main') {
  const refusals: string[] = [];
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await merge(id, into, handleChanged, accountId);
    if (answer.status === 200) return { answer, refusals };
    assert.equal(answer.status, 409, JSON.stringify(answer.body));
    refusals.push(answer.body.error.details.reason);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the merge was refused 100 times: ${refusals.join(', ')}`);
}

describe('merging while the DM sender runs (PostgreSQL)', () => {
  it('a handle change: the DM going out is left alone, the waiting ones to the old handle are cancelled, none goes to the new handle', async () => {
    await stack.account('main');
    const [fresh, old] = people();
    const keep = await stack.contact('main', fresh!, true);
    const gone = await stack.contact('main', old!, true);
    sim.control.scriptFaults(SEND, [{ kind: 'slow', delayMs: 1_500 }]);
    const oldItems = await stack.enqueue(
      'main',
      [0, 1, 2].map((i) => ({ username: old!, text: `for the old handle ${i}`, priority: 90 })),
    );
    await stack.enqueue('main', [{ username: fresh!, text: 'for the new handle', priority: 10 }]);
    const first = oldItems[0]!.id;
    await eventually(
      () => item(first),
      (i) => i.status === 'sending',
      'the first DM to go out',
    );

    const held = await merge(gone, fresh!, true);
    assert.equal(held.status, 409);
    assert.equal(held.body.error.details.reason, 'DM_SENDING');
    assert.deepEqual(
      await item(first),
      { status: 'sending', contact_id: gone, username: old! },
      'the DM going out is untouched',
    );

    const { answer } = await mergeWhenSettled(gone, fresh!, true);
    assert.equal(answer.body.merge.handleChanged, true);
    const settled = await eventually(
      () => items('main'),
      (all) => all.every((i) => !['queued', 'sending'].includes(i.status)),
      'every DM to settle',
    );
    for (const i of settled.filter((x) => x.text.startsWith('for the old handle'))) {
      assert.equal(i.username, old, 'never re-addressed');
      assert.equal(i.contact_id, keep, 'kept with the person as history');
      assert.ok(
        i.status === 'sent' || (i.status === 'cancelled' && /another handle/.test(i.last_error ?? '')),
        `${i.text}: ${i.status} ${i.last_error}`,
      );
    }
    assert.equal(settled.find((i) => i.id === first)!.status, 'sent', 'the DM that was going out went out');
    assert.ok(
      settled.some((i) => i.status === 'cancelled'),
      'the merge came while DMs to the old handle still waited',
    );
    for (const s of sim.control.sends()) {
      assert.equal(s.text.startsWith('for the old handle'), s.username === old, `"${s.text}" went to @${s.username}`);
      assert.equal(sim.control.sentCount(s.username, s.text), 1, `"${s.text}" once`);
    }
    assert.equal(sim.control.sentCount(fresh!, 'for the new handle'), 1);
  });

  it('the same handle: waiting DMs follow the survivor unchanged and go out once, to that handle', async () => {
    await stack.account('same');
    const [, , name] = people();
    const keep = await stack.contact('same', name!, true);
    const [dup] = await stack.sb.sql.query<{ id: string }>(
      `insert into contacts (account_id, display_name, total_messages_received) values ('same', 'The Same Person', 1) returning id`,
    );
    const queued = await stack.enqueue(
      'same',
      [0, 1, 2].map((i) => ({ username: name!, text: `same person ${i}` })),
    );
    await stack.sb.sql.query(`update outreach_items set contact_id = $1 where id = any($2::uuid[])`, [
      dup!.id,
      queued.map((q) => q.id),
    ]);
    const { answer } = await mergeWhenSettled(dup!.id, name!, false, 'same');
    assert.equal(answer.body.merge.handleChanged, false);
    const settled = await eventually(
      () => items('same'),
      (all) => all.every((i) => i.status === 'sent'),
      'every DM to go out',
    );
    assert.ok(settled.every((i) => i.contact_id === keep && i.username === name));
    for (const i of [0, 1, 2]) assert.equal(sim.control.sentCount(name!, `same person ${i}`), 1);
  });
});
