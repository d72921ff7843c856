import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SafariClient } from '../../src/adapters/safari/safari-client';
import { newOutreachItem } from '../../src/app/outreach/outreach-items';
import { loadConfig } from '../../src/config';
import { replyWatchContract, syncConversationsContract } from '../../src/contracts/catalogue';
import type { ReplyWatchProgress } from '../../src/contracts/reply-watch';
import type { SyncProgress } from '../../src/contracts/sync';
import { inputSettings, outreachSettingsFromConfig, replyWatchInput } from '../../src/temporal/workflow-inputs';
import { recordHistory } from '../helpers/histories';
import { FAST_TIMING, startSyncStack } from '../helpers/sync-stack';
import { startTestTemporal } from '../helpers/temporal';
import { TEST_ENV } from '../helpers/test-env';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// The reply watch against the simulator (the later Safari server): after a first sync, one tick
// lists only the primary and requests tabs and reads only the thread whose last message changed;
// a tick over an unchanged inbox opens no thread; outside the account's active hours, or while a
// full sync of the account runs, a tick makes no browser call at all and says why.

type Sim = Awaited<ReturnType<typeof startSimulator>>;
type Stack = Awaited<ReturnType<typeof startSyncStack>>;

let env: TestWorkflowEnvironment;
let sim: Sim;
let stack: Stack;
/** Every browser-driving call the worker's Safari client made, as "method arg". */
const calls: string[] = [];

/** The real client, watched: each call is noted, then made as it is. */
function watched(client: SafariClient): SafariClient {
  const browser = new Set(['listConversations', 'listAllConversations', 'readThread', 'profile', 'openConversation']);
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || !browser.has(String(prop))) return value;
      return (...args: unknown[]) => {
        calls.push(`${String(prop)} ${typeof args[0] === 'string' ? args[0] : ''}`.trim());
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

before(async () => {
  [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({ flavor: 'head', lossyReads: false, conversations: 12, seed: 23 }),
  ]);
  stack = await startSyncStack(env, watched(clientFor(sim.url)), Date.now, sim.url, {
    outreach: outreachSettingsFromConfig(config()),
  });
});
after(async () => {
  await stack?.stop();
  await sim?.close();
  await env?.teardown();
});

const config = () =>
  loadConfig({ ...TEST_ENV, CRM_SUPABASE_URL: 'http://127.0.0.1:9', CRM_SUPABASE_KEY: 'unused-key-0123456789abcdef' });
const watchInput = (accountId: string) => ({
  ...replyWatchInput(inputSettings(config()), accountId),
  timing: FAST_TIMING,
});

async function watchOnce(accountId: string) {
  const started = await stack.gateway.start(replyWatchContract, watchInput(accountId));
  const handle = env.client.workflow.getHandle(started.workflowId);
  return { handle, result: (await handle.result()) as ReplyWatchProgress };
}

async function syncAndWait(accountId: string): Promise<SyncProgress> {
  const started = await stack.gateway.start(syncConversationsContract, stack.input(accountId));
  return (await env.client.workflow.getHandle(started.workflowId).result()) as SyncProgress;
}

const stored = async (accountId: string, text: string) =>
  (
    await stack.sb.sql.query<{ n: string }>(
      `select count(*) as n from messages where account_id = $1 and message_text = $2 and not is_outbound`,
      [accountId, text],
    )
  )[0]!.n;

/** A DM to a new contact, held for approval (approval mode 'all'). */
async function holdForApproval(accountId: string, username: string): Promise<void> {
  await stack.deps.contacts.upsertContacts(accountId, [{ username }]);
  const [contact] = await stack.sb.sql.query<{ id: string }>(
    `select id from contacts where account_id = $1 and username = $2`,
    [accountId, username],
  );
  const draft = {
    kind: 'queued' as const,
    businessKey: `queue:watch:${username}`,
    contact: { id: contact!.id, username, totalMessagesReceived: 0 },
    text: 'hello there',
    priority: 0,
    scheduledAt: null,
    campaign: null,
    template: null,
    videoId: null,
    notifyWorkflowId: null,
    requestId: null,
  };
  const { items } = await stack.deps.outreach.enqueue(accountId, [newOutreachItem(accountId, draft, 'all')]);
  assert.equal(items[0]?.item.status, 'awaiting_approval');
}

describe('the reply watch', () => {
  it('stores a reply with one tick that lists primary and requests and reads only that thread', async () => {
    const account = 'acct-watch';
    await syncAndWait(account);
    const primary = sim.control
      .threads()
      .find((t) => t.tab === 'primary' && !t.listsDisplayName && t.messages.some((m) => m.atMs <= sim.control.now()));
    assert.ok(primary, 'the simulator has a conversation in primary listed by its handle');
    const reply = 'yes please, send me the guide — it sounds great';
    sim.control.addInbound(primary.username, reply);
    const before = sim.control.requests();
    calls.length = 0;

    const { handle, result } = await watchOnce(account);
    assert.equal(await stored(account, reply), '1', 'the reply is stored');
    assert.equal(result.phase, 'done');
    assert.deepEqual(result.tabsListed, ['primary', 'requests']);
    assert.equal(result.threadsRead, 1);
    // Primary's changed threads are read before requests is listed: a reply waits one listing less.
    assert.deepEqual(calls, [
      'listConversations primary',
      `readThread ${primary.username}`,
      'listConversations requests',
    ]);
    const after = sim.control.requests();
    assert.equal(after['/api/conversations/all'] ?? 0, before['/api/conversations/all'] ?? 0, 'no full listing');
    await recordHistory('reply-watch', handle);

    calls.length = 0;
    const quiet = await watchOnce(account);
    assert.equal(quiet.result.threadsRead, 0, 'nothing changed: no thread read');
    assert.equal(quiet.result.threadsQueued, 0);
    assert.deepEqual(calls, ['listConversations primary', 'listConversations requests'], 'the listings only');
  });

  it("makes no browser call outside the account's active hours, and says why (the approval notice still goes out)", async () => {
    const account = 'acct-watch-night';
    const hour = new Date().getUTCHours();
    // A one-hour window two hours from now: closed whenever this runs.
    await stack.deps.accounts.create(account, sim.url, {
      timeZone: 'UTC',
      activeStartHour: (hour + 2) % 24,
      activeEndHour: (hour + 3) % 24 || 24,
    });
    await holdForApproval(account, 'waiting_one');
    const before = sim.control.requests();
    calls.length = 0;
    const { result } = await watchOnce(account);
    assert.equal(result.approvalNotices, 1, 'DMs wait for approval: the tick announces them');
    const [notice] = await stack.sb.sql.query<{ count: number }>(
      `select (payload ->> 'count')::int as count from event_outbox where type = 'outreach.awaiting_approval' and entity_id = $1`,
      [account],
    );
    assert.equal(notice?.count, 1);
    assert.equal(result.phase, 'skipped');
    assert.equal(result.skipped, 'outside_active_hours');
    assert.match(result.explanation ?? '', /active hours/);
    assert.deepEqual(calls, []);
    assert.deepEqual(sim.control.requests(), before, 'the simulator got no request at all');
  });

  it('steps aside while a full sync of the account runs', async () => {
    const account = 'acct-watch-busy';
    // Every thread read takes 0.3 s, so the sync is still reading when the watch looks.
    sim.control.scriptFaults(
      '/api/messages',
      Array.from({ length: 12 }, () => ({ kind: 'slow' as const, delayMs: 300 })),
    );
    const started = await stack.gateway.start(syncConversationsContract, stack.input(account));
    const sync = env.client.workflow.getHandle(started.workflowId);
    calls.length = 0;
    const { result } = await watchOnce(account);
    const syncStillRunning = (await sync.describe()).status.name === 'RUNNING';
    await sync.result();
    sim.control.clearFaults();
    assert.ok(syncStillRunning, 'the sync outlasted the watch tick (else the check proves nothing)');
    assert.equal(result.skipped, 'sync_running');
    assert.match(result.explanation ?? '', /full sync/);
    assert.ok(!calls.some((c) => c.startsWith('listConversations ')), 'the watch listed nothing itself');
  });
});
