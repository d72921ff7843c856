import type { SyncConversationsInput, SyncProgress } from '../src/workflows/definitions';
import { snapshot } from '../test/helpers/sync-stack';
import { log, report, timed, type BenchResult } from './report';
import type { startBenchStack } from './sync-fixture';
import { dataRowsSince, dbNow, identityRowsSince } from './sync-writes';

/**
 * The same inbox as the later Safari server lists it: each listing shows a thread's handle or its
 * display name, and its threadId only some of the time, so the sync's identity step has to join
 * what one listing calls a display name with what the next calls a handle. Runs on the stack and
 * against the raw baseline of the fixed-listing case, after it, so those figures stay as they were.
 */

const DRIFT = { handleChance: 0.4, threadIdChance: 0.5 };
const PROFILE_LOOKUPS = 20;

export interface SyncCase {
  stack: Awaited<ReturnType<typeof startBenchStack>>;
  raw: { ms: number; value: number };
  conversations: number;
  messages: number;
  runSync: (accountId: string, extra?: Partial<SyncConversationsInput>) => Promise<SyncProgress>;
}

type Measured = Awaited<ReturnType<typeof measure>>;

/** One sync of the drifting listing and everything it wrote, counted in the database. */
async function measure(c: SyncCase, account: string) {
  const since = await dbNow(c.stack.sb);
  const run = await timed(() => c.runSync(account, { profileLookups: PROFILE_LOOKUPS }));
  const writes = { ...(await dataRowsSince(c.stack.sb, account, since)), ...(await identityRowsSince(c.stack.sb, account, since)) };
  const after = await snapshot(c.stack.sb, account);
  const id = run.value.identity;
  const identity = { profileLookups: id?.profileLookups ?? 0, merged: id?.merged ?? 0, attached: id?.attached ?? 0, deferred: id?.deferred ?? 0, unsettled: id?.unsettled ?? 0 };
  log(`drift ${account}: ${run.ms} ms, ${run.value.threadsRead} threads read, ${after.contacts} contacts / ${c.conversations} conversations, writes ${JSON.stringify(writes)}, identity ${JSON.stringify(identity)}`);
  return { ms: run.ms, progress: run.value, after, writes, identity };
}

const ZERO_TARGET = '0 rows written (data, aliases, merges, profile lookups, suspects) and <= 0.15 x first sync time, one contact per conversation';

function resyncMet(c: SyncCase, first: number, m: Measured): boolean {
  const written = m.writes.rowsWritten + m.writes.aliasRows + m.writes.mergeRows + m.writes.lookupRows + m.writes.suspectRows;
  return m.ms / first <= 0.15 && written === 0 && m.after.contacts === c.conversations;
}

function resyncFigures(c: SyncCase, first: number, m: Measured): Record<string, number> {
  return {
    firstSyncMs: first, resyncMs: m.ms, threadsRead: m.progress.threadsRead, ...m.writes, ...m.identity,
    contacts: m.after.contacts, conversations: c.conversations, storedConversations: m.after.conversations,
  };
}

export async function driftBenchmark(c: SyncCase): Promise<BenchResult[]> {
  c.stack.sim.control.setListingDrift(DRIFT);
  // Best of two first syncs like the fixed case, each against a server that has forgotten its
  // thread registry (as after a restart): the fixed case's reads taught it every handle's thread.
  const firsts: Measured[] = [];
  for (const account of ['drift-1', 'drift-2']) {
    c.stack.sim.control.clearThreadRegistry();
    firsts.push(await measure(c, account));
  }
  const firstMs = Math.min(...firsts.map((f) => f.ms));
  const first = firsts[1]!;
  // The listing drifts again at each call, so the second sync may still learn names: the targets
  // are for a re-sync once identities settled, hence a third sync of the same unchanged inbox.
  const second = await measure(c, 'drift-2');
  const third = await measure(c, 'drift-2');
  return [firstLine(c, first, firstMs), ...resyncLines(c, firstMs, second, third)];
}

function firstLine(c: SyncCase, m: Measured, firstMs: number): BenchResult {
  const syncRows = m.after.contacts + m.after.conversations + m.after.messages;
  const ratio = syncRows / firstMs / (c.raw.value / c.raw.ms);
  return report({
    benchmark: 'sync-drift-vs-raw-upsert',
    figures: {
      conversations: c.conversations, messages: c.messages, rawRows: c.raw.value, rawMs: c.raw.ms, syncRows, syncMs: firstMs,
      contacts: m.after.contacts, ...m.identity, lookupRows: m.writes.lookupRows, lookupRowsTotal: m.writes.lookupRowsTotal, aliasRows: m.writes.aliasRows, mergeRows: m.writes.mergeRows,
    },
    ratio, target: 'sync rows/s >= 0.5 x raw rows/s, one contact per conversation',
    met: ratio >= 0.5 && syncRows === c.raw.value && m.after.contacts === c.conversations,
    note: `listing drift ${JSON.stringify(DRIFT)}, profileLookups ${PROFILE_LOOKUPS}; syncMs best of two accounts, other figures of the account re-synced below`,
  });
}

/** Each re-sync's figures, then which of them met the target (the one line that counts). */
function resyncLines(c: SyncCase, firstMs: number, second: Measured, third: Measured): BenchResult[] {
  const lines = ([['second', second], ['third', third]] as const).map(([name, m]) =>
    report({
      benchmark: `resync-drift-${name}`,
      figures: resyncFigures(c, firstMs, m),
      ratio: m.ms / firstMs, target: ZERO_TARGET, met: resyncMet(c, firstMs, m), informational: true,
      note: `the ${name} sync of the unchanged inbox, whose listing drifted again; judged by resync-drift-settled`,
    }),
  );
  const settledBy = lines.findIndex((l) => l.met);
  const settled = settledBy === 0 ? second : third;
  return [
    ...lines,
    report({
      benchmark: 'resync-drift-settled',
      figures: { settledBySync: settledBy < 0 ? 0 : settledBy + 2, ...resyncFigures(c, firstMs, settled) },
      ratio: settled.ms / firstMs, target: `a re-sync once identities settled (second or third sync): ${ZERO_TARGET}`,
      met: settledBy >= 0,
      note: settledBy < 0 ? 'missed by the second and the third sync; figures of the third' : `met by the ${settledBy === 0 ? 'second' : 'third'} sync; its figures`,
    }),
  ];
}
