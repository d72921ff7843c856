import { senderInput } from '../src/temporal/workflow-inputs';
import { dmSenderContract } from '../src/contracts/catalogue';
import { senderProgressQuery } from '../src/contracts/sender';
import { startOutreachBench, until, type OutreachBench } from './outreach-fixture';
import { log, report, timed } from './report';

/**
 * 100,000 queued items over 10 accounts, put in through the ledger's own bulk path
 * (crm_enqueue_outreach, 1,000 items a request) with a wake signal per 100 items, while the real
 * worker runs every account's sender. Each account may send 20 a (real) day, so its sender sends
 * 20 through the one Safari host all accounts share — exercising the host's turns and the senders'
 * histories — and then waits at its cap with 9,980 items queued. Then: every item there exactly
 * once, the longest history of any run (senders, the host, continued-as-new runs included), and
 * the worker process's RSS against its own RSS before the load.
 */

const CHUNK = 1_000;
const WAKES_PER_CHUNK = 10;
const DAY_CAP = 20;
const MAX_HISTORY = 10_000;
const RSS_LIMIT_MB = 400;

export async function backlogBenchmark(accounts = 10, perAccount = 10_000) {
  const b = await startOutreachBench({ simulators: 1, people: 1_000 });
  try {
    // Idle baseline: the worker has connected and polls, nothing has run on it yet.
    await new Promise((r) => setTimeout(r, 3_000));
    const idle = b.memory();
    log(
      `worker idle: RSS ${idle.rssMb} MB (peak so far ${idle.peakMb} MB, Worker.create bundles the workflows in process)`,
    );
    const sampler = b.sampleRss();

    const ids = Array.from({ length: accounts }, (_, i) => `backlog-${i}`);
    const people = b.sims[0]!.control.threads().map((t) => t.username);
    const contacts = new Map<string, Awaited<ReturnType<OutreachBench['contacts']>>>();
    for (const id of ids) {
      await b.account(id, b.sims[0]!.url, { perDay: DAY_CAP });
      contacts.set(id, await b.contacts(id, people));
    }
    const enqueue = await timed(() => fill(b, ids, contacts, perAccount));
    log(`enqueued ${accounts * perAccount} items and sent ${enqueue.value} wake signals in ${enqueue.ms} ms`);

    // Each sender has sent its day's cap; a settings signal makes it re-read the whole queue.
    await until(
      () => b.sims[0]!.control.sends().length >= accounts * DAY_CAP,
      'every sender to reach its cap',
      600_000,
      b.alive,
    );
    await Promise.all(ids.map((id) => b.settingsChanged(id)));
    const progress = (id: string) =>
      b.env.client.workflow.getHandle(dmSenderContract.id(senderInput(b.timing, id))).query(senderProgressQuery);
    await until(
      async () =>
        (await Promise.all(ids.map(progress))).every(
          (p) => p.queue.queued === perAccount - DAY_CAP && p.blockedBy === 'daily_cap',
        ),
      'every sender to see its queue and wait at its cap',
      120_000,
      b.alive,
    );
    const sampled = sampler.stop();
    const after = b.memory();
    const loadedMb = Math.max(sampled.maxMb, after.rssMb);

    const stored = await ledgerCounts(b);
    const dbSent = stored.reduce((n, r) => n + r.sent, 0);
    const ledger = b.sims[0]!.control.sends();
    const distinctDms = new Set(ledger.map((s) => `${s.username}\n${s.text}`)).size;
    const intact =
      stored.length === accounts &&
      stored.every((r) => r.items === perAccount && r.keys === perAccount && r.queued + r.sent === perAccount);
    const exactlyOnce = ledger.length === dbSent && distinctDms === dbSent && (await sentMatchLedger(b, ledger));
    const h = await b.histories();
    log(
      `ledger: ${JSON.stringify(stored[0])} … ${stored.length} accounts; ${ledger.length} DMs at the simulator (${distinctDms} distinct), ${dbSent} sent in the DB`,
    );
    log(
      `longest history: ${h.longest.length} events (${h.longest.workflowId}) over ${h.runs} runs, by kind ${JSON.stringify(h.byKind)}; worker RSS ${idle.rssMb} → max ${loadedMb} MB (a minute apart: ${sampled.trend.join(', ')}), now ${after.rssMb} MB, peak ${after.peakMb} MB`,
    );

    return [
      report({
        benchmark: 'backlog-100k-items',
        figures: {
          accounts,
          items: accounts * perAccount,
          enqueueMs: enqueue.ms,
          wakeSignals: enqueue.value,
          queued: stored.reduce((n, r) => n + r.queued, 0),
          sent: dbSent,
          simulatorSends: ledger.length,
        },
        ratio: stored.reduce((n, r) => n + r.items, 0) / (accounts * perAccount),
        target:
          'every item stored exactly once (per account: rows = distinct keys = queued + sent), every sent DM once at the simulator',
        met: intact && exactlyOnce,
      }),
      report({
        benchmark: 'backlog-history',
        figures: {
          longestHistory: h.longest.length,
          longestSender: h.byKind['dm-sender'] ?? 0,
          longestHost: h.byKind['safari-host'] ?? 0,
          runs: h.runs,
          limit: MAX_HISTORY,
        },
        ratio: h.longest.length / MAX_HISTORY,
        target: `no workflow history over ${MAX_HISTORY} events`,
        met: h.longest.length <= MAX_HISTORY,
        note: h.longest.workflowId,
      }),
      report({
        benchmark: 'backlog-worker-rss',
        figures: {
          idleRssMb: idle.rssMb,
          loadedRssMb: loadedMb,
          growthMb: loadedMb - idle.rssMb,
          endRssMb: after.rssMb,
          peakSinceStartMb: after.peakMb,
        },
        ratio: loadedMb / idle.rssMb,
        target: `worker RSS <= ${RSS_LIMIT_MB} MB under load (ratio: max sampled under load / idle, same process)`,
        met: loadedMb <= RSS_LIMIT_MB,
        note: 'the real worker (node --import tsx src/worker.ts) in its own process, VmRSS sampled every 250 ms',
      }),
    ];
  } finally {
    await b.stop();
  }
}

/** Chunks of 1,000 round-robin over the accounts, each followed by one wake per 100 items (sent together). */
async function fill(
  b: OutreachBench,
  ids: string[],
  contacts: Map<string, { id: string; username: string; totalMessagesReceived: number }[]>,
  perAccount: number,
) {
  let wakes = 0;
  for (let from = 0; from < perAccount; from += CHUNK) {
    for (const id of ids) {
      await b.outreach.enqueue(id, b.drafts(id, contacts.get(id)!, Math.min(CHUNK, perAccount - from), from));
      await Promise.all(Array.from({ length: WAKES_PER_CHUNK }, () => b.wake(id, 'bulk enqueue')));
      wakes += WAKES_PER_CHUNK;
    }
  }
  return wakes;
}

async function ledgerCounts(b: OutreachBench) {
  const rows = await b.sb.sql.query<{ account_id: string; items: string; keys: string; queued: string; sent: string }>(
    `select account_id, count(*) as items, count(distinct business_key) as keys, count(*) filter (where status = 'queued') as queued,
       count(*) filter (where status = 'sent') as sent from outreach_items where account_id like 'backlog-%' group by account_id order by account_id`,
  );
  return rows.map((r) => ({
    account: r.account_id,
    items: Number(r.items),
    keys: Number(r.keys),
    queued: Number(r.queued),
    sent: Number(r.sent),
  }));
}

/** The DMs the simulator received are exactly the items the DB holds as sent. */
async function sentMatchLedger(b: OutreachBench, ledger: { username: string; text: string }[]) {
  const rows = await b.sb.sql.query<{ username: string; text: string }>(
    `select username, text from outreach_items where status = 'sent'`,
  );
  const dms = new Set(ledger.map((s) => `${s.username}\n${s.text}`));
  return rows.length === dms.size && rows.every((r) => dms.has(`${r.username}\n${r.text}`));
}
