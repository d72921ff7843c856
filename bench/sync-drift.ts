import type { SyncConversationsInput, SyncProgress } from '../src/contracts/sync';
import { snapshot } from '../test/helpers/sync-stack';
import { atSize, log, report, timed, type BenchResult } from './report';
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
  const writes = {
    ...(await dataRowsSince(c.stack.sb, account, since)),
    ...(await identityRowsSince(c.stack.sb, account, since)),
  };
  const after = await snapshot(c.stack.sb, account);
  const id = run.value.identity;
  const identity = {
    profileLookups: id?.profileLookups ?? 0,
    merged: id?.merged ?? 0,
    attached: id?.attached ?? 0,
    deferred: id?.deferred ?? 0,
    unsettled: id?.unsettled ?? 0,
  };
  log(
    `drift ${account}: ${run.ms} ms, ${run.value.threadsRead} threads read, ${after.contacts} contacts / ${c.conversations} conversations, writes ${JSON.stringify(writes)}, identity ${JSON.stringify(identity)}`,
  );
  return { ms: run.ms, progress: run.value, after, writes, identity };
}

const ZERO_TARGET =
  '0 rows written (data, aliases, merges, profile lookups, suspects) and <= 0.15 x first sync time, one contact per conversation';

function resyncMet(c: SyncCase, first: number, m: Measured): boolean {
  const written =
    m.writes.rowsWritten + m.writes.aliasRows + m.writes.mergeRows + m.writes.lookupRows + m.writes.suspectRows;
  return m.ms / first <= 0.15 && written === 0 && m.after.contacts === c.conversations;
}

function resyncFigures(c: SyncCase, first: number, m: Measured): Record<string, number> {
  return {
    firstSyncMs: first,
    resyncMs: m.ms,
    threadsRead: m.progress.threadsRead,
    ...m.writes,
    ...m.identity,
    contacts: m.after.contacts,
    conversations: c.conversations,
    storedConversations: m.after.conversations,
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
  // Each further listing shows names the last one did not: the sync keeps learning (handles,
  // names, thread ids) until every contact has been seen every way. Informational.
  const learning: Measured[] = [];
  while (learning.length < MAX_LEARNING_SYNCS && !settled(learning.at(-1))) learning.push(await measure(c, 'drift-2'));
  // The re-sync of an unchanged inbox: the same listing again must write nothing.
  c.stack.sim.control.repeatLastListing();
  const repeat = await measure(c, 'drift-2');
  return [firstLine(c, firsts[1]!, firstMs), ...learningLines(c, firstMs, learning), repeatLine(c, firstMs, repeat)];
}

/** Further syncs after the first, each listing drifting again, until one learns nothing (bounded). */
const MAX_LEARNING_SYNCS = 30;
const settled = (m: Measured | undefined) =>
  m !== undefined && m.identity.deferred === 0 && m.writes.rowsWritten + m.writes.aliasRows + m.writes.lookupRows === 0;

/** The first few further syncs, and the last one (where it settled, or gave up). */
function learningLines(c: SyncCase, firstMs: number, syncs: Measured[]): BenchResult[] {
  const shown = syncs.map((m, i) => [m, i] as const).filter(([, i]) => i < 3 || i === syncs.length - 1);
  return shown.map(([m, i]) =>
    report(
      atSize(c.conversations, 2000, {
        benchmark: `sync-drift-${i + 2}`,
        figures: resyncFigures(c, firstMs, m),
        ratio: m.ms / firstMs,
        target: 'informational: what a further drifting listing still teaches',
        met: resyncMet(c, firstMs, m),
        informational: true,
        note: `sync ${i + 2} of the unchanged inbox${i === syncs.length - 1 ? (settled(m) ? ', the first to learn nothing' : ', the last tried: not settled') : ''}; its listing shows names and thread ids the earlier ones did not`,
      }),
    ),
  );
}

function repeatLine(c: SyncCase, firstMs: number, m: Measured): BenchResult {
  return report(
    atSize(c.conversations, 2000, {
      benchmark: 'resync-drift-unchanged',
      figures: resyncFigures(c, firstMs, m),
      ratio: m.ms / firstMs,
      target: ZERO_TARGET,
      met: resyncMet(c, firstMs, m),
      note: 'the last drifting listing shown again (the simulator repeats it): nothing new to learn or write',
    }),
  );
}

function firstLine(c: SyncCase, m: Measured, firstMs: number): BenchResult {
  const syncRows = m.after.contacts + m.after.conversations + m.after.messages;
  const ratio = syncRows / firstMs / (c.raw.value / c.raw.ms);
  return report(
    atSize(c.conversations, 2000, {
      benchmark: 'sync-drift-vs-raw-upsert',
      figures: {
        conversations: c.conversations,
        messages: c.messages,
        rawRows: c.raw.value,
        rawMs: c.raw.ms,
        syncRows,
        syncMs: firstMs,
        contacts: m.after.contacts,
        ...m.identity,
        lookupRows: m.writes.lookupRows,
        lookupRowsTotal: m.writes.lookupRowsTotal,
        aliasRows: m.writes.aliasRows,
        mergeRows: m.writes.mergeRows,
      },
      ratio,
      target: 'sync rows/s >= 0.5 x raw rows/s, one contact per conversation',
      met: ratio >= 0.5 && syncRows === c.raw.value && m.after.contacts === c.conversations,
      note: `listing drift ${JSON.stringify(DRIFT)}, profileLookups ${PROFILE_LOOKUPS}; syncMs best of two accounts, other figures of the account re-synced below`,
    }),
  );
}
