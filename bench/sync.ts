import type { SyncConversationsInput, SyncProgress } from '../src/contracts/sync';
import { syncConversationsContract } from '../src/contracts/catalogue';
import { snapshot } from '../test/helpers/sync-stack';
import { benchRoot, cpuLine, cpuOfDescendants, startCpuProfile } from './process-cpu';
import { atSize, log, report, timed } from './report';
import { driftBenchmark } from './sync-drift';
import { startBenchStack, type BenchStack } from './sync-fixture';
import { dbNow, rowsWrittenSince } from './sync-writes';

/**
 * Sync of a large inbox from the simulator at zero latency, against a raw bulk upsert of the same
 * rows (contacts, conversations, messages) through the same data API in 1000-row requests; then a
 * re-sync of the unchanged inbox. Then the same inbox as the later server lists it (sync-drift.ts).
 */

const CHUNK = 1000;
export type Thread = { username: string; displayName: string; messages: { text: string; isOutbound: boolean }[] };

/**
 * The baseline writes straight to the data API (PostgREST's bulk upsert, 1000 rows a request), not
 * through supabase-js, whose upsert collects every row's keys with a quadratic concat (measured:
 * ~1 s per 1000-row request here, in a process that also runs a Temporal worker, against ~0.1 s
 * straight to the data API). The sync itself uses functions (rpc), whose bodies supabase-js passes
 * through untouched; nothing in src/ writes arrays through upsert or insert.
 */
async function upsertChunks<T>(
  api: { url: string; key: string },
  table: string,
  onConflict: string,
  rows: T[],
  returning: string | null,
) {
  const out: unknown[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const query = `on_conflict=${onConflict}${returning ? `&select=${returning}` : ''}`;
    const res = await fetch(`${api.url}/rest/v1/${table}?${query}`, {
      method: 'POST',
      headers: {
        apikey: api.key,
        authorization: `Bearer ${api.key}`,
        'content-type': 'application/json',
        prefer: `resolution=merge-duplicates,return=${returning ? 'representation' : 'minimal'}`,
      },
      body: JSON.stringify(rows.slice(i, i + CHUNK)),
    });
    if (!res.ok) throw new Error(`raw upsert into ${table}: ${res.status} ${await res.text()}`);
    if (returning) out.push(...((await res.json()) as unknown[]));
    else await res.body?.cancel();
  }
  return out;
}

/** The baseline: the same rows, written as plainly as the data API allows. */
export async function rawUpsert(
  api: { url: string; key: string },
  account: string,
  threads: Thread[],
): Promise<number> {
  const contacts = (await upsertChunks(
    api,
    'contacts',
    'account_id,username',
    threads.map((t) => ({ account_id: account, username: t.username, display_name: t.displayName })),
    'id',
  )) as { id: string }[];
  const conversations = (await upsertChunks(
    api,
    'conversations',
    'contact_id',
    contacts.map((c) => ({ account_id: account, contact_id: c.id })),
    'id,contact_id',
  )) as { id: string; contact_id: string }[];
  const messages = conversations.flatMap((conv, i) =>
    threads[i]!.messages.map((m, position) => ({
      account_id: account,
      conversation_id: conv.id,
      contact_id: conv.contact_id,
      position,
      message_text: m.text,
      is_outbound: m.isOutbound,
    })),
  );
  await upsertChunks(api, 'messages', 'conversation_id,position', messages, null);
  return contacts.length + conversations.length + messages.length;
}

/** The simulator's inbox as a sync sees it now: threads with at least one message so far. */
export function inboxThreads(stack: BenchStack): { threads: Thread[]; messageCount: number } {
  const now = stack.sim.control.now();
  const threads = stack.sim.control
    .threads()
    .map((t) => ({ ...t, messages: t.messages.filter((m) => m.atMs <= now) }))
    .filter((t) => t.messages.length > 0);
  return { threads, messageCount: threads.reduce((n, t) => n + t.messages.length, 0) };
}

/** Runs the sync workflow for an account on the stack's worker, to its result. */
export function syncRunner(stack: BenchStack) {
  const input: SyncConversationsInput = {
    version: 1,
    accountId: 'sync',
    scope: { kind: 'inbox', tab: 'all' },
    readThreads: true,
    batchSize: 100,
    readLimit: 50,
    batchesPerRun: 1000,
    timing: {
      db: { initialMs: 200, maxMs: 2000, attempts: 10 },
      safari: { initialMs: 200, maxMs: 2000, attempts: 10 },
      heartbeatTimeoutMs: 60_000,
    },
  };
  return async (accountId: string, extra: Partial<SyncConversationsInput> = {}) => {
    stack.profile.start();
    const t = performance.now();
    const started = await stack.gateway.start(syncConversationsContract, { ...input, ...extra, accountId });
    const result = (await stack.env.client.workflow.getHandle(started.workflowId).result()) as SyncProgress;
    stack.profile.finish(started.workflowId, started.runId, Math.round(performance.now() - t));
    return result;
  };
}

/** `fn`, logging the CPU every process of the run used meanwhile (on two cores, the bound for both sides). */
const withCpu =
  <T>(label: string, fn: () => Promise<T>) =>
  async (): Promise<T> => {
    const before = cpuOfDescendants(benchRoot());
    const profiling = await startCpuProfile(`sync-${label}`);
    const value = await fn();
    await profiling?.stop();
    log(`${label}: CPU ${cpuLine(before, cpuOfDescendants(benchRoot()))}`);
    return value;
  };

export async function syncBenchmark(conversations = 2000, messagesPerThread: [number, number] = [20, 28]) {
  const stack = await startBenchStack(conversations, messagesPerThread);
  try {
    const { threads, messageCount } = inboxThreads(stack);
    log(`inbox: ${threads.length} conversations, ${messageCount} messages`);

    const api = { url: stack.sb.url, key: stack.sb.serviceRoleKey };

    // Best of two for each side: this machine's timings wander by a third from run to run.
    const raws = [
      await timed(withCpu('raw-1', () => rawUpsert(api, 'raw-1', threads))),
      await timed(withCpu('raw-2', () => rawUpsert(api, 'raw-2', threads))),
    ];
    const raw = raws.reduce((a, b) => (b.ms < a.ms ? b : a));
    log(`raw bulk upsert: ${raw.value} rows in ${raws.map((r) => r.ms).join(' / ')} ms`);

    const runSync = syncRunner(stack);
    const firsts = [
      await timed(withCpu('sync-1', () => runSync('sync-1'))),
      await timed(withCpu('sync-2', () => runSync('sync-2'))),
    ];
    const first = firsts.reduce((a, b) => (b.ms < a.ms ? b : a));
    const after = await snapshot(stack.sb, 'sync-2');
    const syncRows = after.contacts + after.conversations + after.messages;
    log(
      `first sync: ${syncRows} rows in ${firsts.map((f) => f.ms).join(' / ')} ms (${first.value.batches} batches, ${first.value.messagesAdded} messages)`,
    );

    const since = await dbNow(stack.sb);
    const again = await timed(() => runSync('sync-2'));
    const rowsWritten = await rowsWrittenSince(stack.sb, 'sync-2', since);
    log(`re-sync: ${again.ms} ms, ${again.value.threadsRead} threads read, ${rowsWritten} rows written`);

    const ratio = syncRows / first.ms / (raw.value / raw.ms);
    const results = [
      report(
        atSize(threads.length, 2000, {
          benchmark: 'sync-vs-raw-upsert',
          figures: {
            conversations: threads.length,
            messages: messageCount,
            rawRows: raw.value,
            rawMs: raw.ms,
            syncRows,
            syncMs: first.ms,
          },
          ratio,
          target: 'sync rows/s >= 0.5 x raw rows/s',
          met: ratio >= 0.5 && syncRows === raw.value,
        }),
      ),
      report(
        atSize(threads.length, 2000, {
          benchmark: 'resync-unchanged',
          figures: { firstSyncMs: first.ms, resyncMs: again.ms, threadsRead: again.value.threadsRead, rowsWritten },
          ratio: again.ms / first.ms,
          target: '0 rows written and <= 0.15 x first sync time',
          met: again.ms / first.ms <= 0.15 && rowsWritten === 0,
        }),
      ),
    ];
    // After the fixed case's figures, so they are measured exactly as before.
    results.push(
      ...(await driftBenchmark({ stack, raw, conversations: threads.length, messages: messageCount, runSync })),
    );
    await stack.profile.print(stack.env.client);
    return results;
  } finally {
    await stack.stop();
  }
}
