import assert from 'node:assert/strict';
import { syncConversationsContract } from '../../src/contracts/catalogue';
import type { SyncProgress } from '../../src/contracts/sync';
import { clientFor, startSimulator, type Json } from '../simulator/sim-fixture';
import { jsonBody, withKey } from './api';
import { startOutreachStack } from './outreach-stack';
import { FAST_TIMING } from './sync-stack';
import { startTestTemporal } from './temporal';

/**
 * Opt-outs end to end for one test file: Temporal with the real worker (sync and sender), the
 * Safari simulator (the design's ccf4331 flavour: listings show handles, reads are lossless), the
 * CRM data API over PostgreSQL, and the real API, for `accountId` with approval off.
 */
export async function startOptOutWorld(accountId: string) {
  const [env, sim] = await Promise.all([
    startTestTemporal(),
    startSimulator({
      flavor: 'ccf4331',
      conversations: 8,
      seed: 11,
      rateLimits: { perHour: null, perDay: null, activeHours: null },
    }),
  ]);
  const stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    backend: 'postgres',
    env: { CRM_ACCOUNT_ID: accountId, CRM_APPROVAL_MODE: 'none' },
  });
  await stack.account(accountId);
  const { app } = stack.api();

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, withKey(body === undefined ? { method } : jsonBody(body, { method })));
    return { status: res.status, body: (await res.json()) as Json };
  };

  /** One inbox sync through the workflow, to its end. */
  async function sync(): Promise<SyncProgress> {
    const input = {
      version: 1 as const,
      accountId,
      scope: { kind: 'inbox' as const, tab: 'all' as const },
      readThreads: true,
      batchSize: 5,
      readLimit: 100,
      batchesPerRun: 100,
      timing: FAST_TIMING,
    };
    const started = await stack.gateway.start(syncConversationsContract, input);
    return (await env.client.workflow.getHandle(started.workflowId, started.runId).result()) as SyncProgress;
  }

  /** The contact row as stored, by handle. */
  async function contactRow(username: string) {
    const [row] = await stack.sb.sql.query<Json>(`select * from contacts where account_id = $1 and username = $2`, [
      accountId,
      username,
    ]);
    assert.ok(row, `no contact ${username}`);
    return row;
  }

  /** The contact.* events about a contact, oldest first. */
  async function contactEvents(contactId: string, types = ['contact.opted_out', 'contact.opted_in']) {
    return stack.sb.sql.query<{ type: string; payload: Json }>(
      `select type, payload from event_outbox where entity_type = 'contact' and entity_id = $1 and type = any ($2) order by seq`,
      [contactId, types],
    );
  }

  return {
    env,
    sim,
    stack,
    app,
    call,
    sync,
    contactRow,
    contactEvents,
    people: () => sim.control.threads().map((t) => t.username),
    stop: async () => {
      await stack.stop();
      await sim.close();
      await env.teardown();
    },
  };
}
