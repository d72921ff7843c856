import { startOutreachBench, until, type OutreachBench } from './outreach-fixture';
import { log, report } from './report';
import { capsMax, capViolations, lagsMs, slotReuse, type Caps } from './outreach-caps';

/**
 * Sends in scaled time: an "hour" of 10 s and a "day" of 60 s (the worker's CRM_RATE_*_WINDOW_MS),
 * caps of 4 an hour and 20 a day, no gap, 10 accounts each with its own simulator (so its own
 * Safari host, and the accounts send in parallel), every account with a backlog larger than its
 * caps allow over the run. After RUN_MS every account is paused; the DB's sent_at of every item is
 * then checked against the caps and against the most the caps allow over the same time, and the
 * simulators' ledgers against the DB.
 *
 * It runs until SENDS DMs went out (10,000; BENCH_SENDS overrides it). The caps must bind, not the
 * pipeline: 10 accounts × 40 a scaled day (a minute) = 6.7 sends/s, below what the pipeline does
 * here with no caps (PGlite, a dev server, 2 cores), so 10,000 sends take about 25 minutes.
 */

const CAPS: Caps = { perHour: 8, hourMs: 10_000, perDay: 40, dayMs: 60_000 };
const SENDS = Number(process.env.BENCH_SENDS ?? 10_000);
/** A bound on the run, should the pipeline fall far behind the caps. */
const MAX_RUN_MS = 45 * 60_000;

export async function sendsBenchmark(accounts = 10) {
  // More than the caps let each account send in the run, so the backlog never runs dry.
  const BACKLOG = Math.ceil((SENDS * 1.1) / accounts);
  const b = await startOutreachBench({
    simulators: accounts,
    people: 50,
    workerEnv: {
      CRM_RATE_HOUR_WINDOW_MS: String(CAPS.hourMs),
      CRM_RATE_DAY_WINDOW_MS: String(CAPS.dayMs),
      CRM_RATE_MESSAGES_PER_HOUR: String(CAPS.perHour),
      CRM_RATE_MESSAGES_PER_DAY: String(CAPS.perDay),
    },
  });
  try {
    const ids = Array.from({ length: accounts }, (_, i) => `sends-${i}`);
    for (const [i, id] of ids.entries()) {
      await b.account(id, b.sims[i]!.url, {});
      const people = await b.contacts(
        id,
        b.sims[i]!.control.threads().map((t) => t.username),
      );
      await b.outreach.enqueue(id, b.drafts(id, people, BACKLOG));
    }
    const idleMb = b.memory().rssMb;
    const rss = b.sampleRss();
    const started = Date.now();
    await Promise.all(ids.map((id) => b.wake(id, 'backlog in place')));
    await until(
      async () => (await sentCount(b)) >= SENDS || Date.now() - started >= MAX_RUN_MS,
      `${SENDS} sends`,
      MAX_RUN_MS + 60_000,
      b.alive,
      2_000,
    );
    // The end of the measured time: from here on nothing new may start (an attempt under way finishes).
    const stoppedAt = Date.now();
    for (const id of ids) await b.accounts.setPause(id, { paused: true, until: null, reason: 'benchmark over' });
    await Promise.all(ids.map((id) => b.settingsChanged(id)));
    await until(async () => (await inFlight(b)) === 0, 'attempts under way to settle', 120_000, b.alive);
    await new Promise((r) => setTimeout(r, 2_000));
    const { maxMb, trend } = rss.stop();
    const h = await b.histories();
    log(
      `worker RSS ${idleMb} MB before, max ${maxMb} MB, a minute apart: ${trend.join(', ')}; longest history ${h.longest.length} (${h.longest.workflowId}) over ${h.runs} runs, by kind ${JSON.stringify(h.byKind)}`,
    );
    return check(b, ids, started, stoppedAt, {
      workerIdleRssMb: idleMb,
      workerMaxRssMb: maxMb,
      longestHistory: h.longest.length,
      historyRuns: h.runs,
    });
  } finally {
    await b.stop();
  }
}

async function sentCount(b: OutreachBench) {
  const [row] = await b.sb.sql.query<{ n: string }>(`select count(*) as n from outreach_items where status = 'sent'`);
  return Number(row!.n);
}

async function inFlight(b: OutreachBench) {
  const [row] = await b.sb.sql.query<{ n: string }>(
    `select count(*) as n from outreach_items where status = 'sending'`,
  );
  return Number(row!.n);
}

type Row = {
  account_id: string;
  status: string;
  username: string;
  text: string;
  sent: number | null;
  attempt: number | null;
};

/** One account's figures from its items and its simulator's ledger. */
function accountFigures(mine: Row[], ledgerDms: string[], stoppedAt: number, backlog: number) {
  const done = mine.filter((r) => r.status === 'sent');
  const sentAt = done.map((r) => Number(r.sent)).sort((x, y) => x - y);
  const attempts = done.map((r) => Number(r.attempt)).sort((x, y) => x - y);
  // (a) Both windows, on the recorded send times and on the reservation times (each a bound of the real instant).
  const violations = capViolations(sentAt, CAPS) + capViolations(attempts, CAPS);
  // (b) Utilization: from the account's first send t0, over the whole day windows [t0, t0 + k·dayMs)
  // that end before the stop (the backlog never ran out: checked by the caller), the sends recorded
  // in that span against the most the caps allow in the same span (both caps, each send the instant
  // they allow it, no pipeline time at all).
  const t0 = sentAt[0] ?? stoppedAt;
  const end = t0 + Math.floor((stoppedAt - t0) / CAPS.dayMs) * CAPS.dayMs;
  const inSpan = sentAt.filter((t) => t < end).length;
  const most = capsMax(t0, end, CAPS);
  // (c) The simulator's ledger of DMs that went out against the items the DB holds as sent; nothing lost.
  // (Queued items only ever leave the queue, so some still queued at the end means it never ran dry.)
  const dms = new Set(ledgerDms);
  const exact =
    ledgerDms.length === dms.size &&
    dms.size === done.length &&
    done.every((r) => dms.has(`${r.username}\n${r.text}`)) &&
    mine.length === backlog &&
    mine.every((r) => r.status === 'sent' || r.status === 'queued');
  return {
    sent: done.length,
    violations,
    inSpan,
    most,
    reuse: slotReuse(sentAt, CAPS),
    lags: lagsMs(sentAt, CAPS),
    queued: mine.filter((r) => r.status === 'queued').length,
    exact,
  };
}

async function check(
  b: OutreachBench,
  ids: string[],
  started: number,
  stoppedAt: number,
  health: Record<string, number>,
) {
  const rows = await b.sb.sql.query<Row>(
    `select account_id, status, username, text, extract(epoch from sent_at) * 1000 as sent, extract(epoch from last_attempt_at) * 1000 as attempt
     from outreach_items where account_id like 'sends-%'`,
  );
  const backlog = rows.length / ids.length;
  const per = ids.map((id, i) =>
    accountFigures(
      rows.filter((r) => r.account_id === id),
      b.sims[i]!.control.sends().map((s) => `${s.username}\n${s.text}`),
      stoppedAt,
      backlog,
    ),
  );
  const sum = (f: (a: (typeof per)[number]) => number) => per.reduce((n, a) => n + f(a), 0);
  const [sent, violations, actual, allowed] = [
    sum((a) => a.sent),
    sum((a) => a.violations),
    sum((a) => a.inSpan),
    sum((a) => a.most),
  ];
  const lowest = Math.min(...per.map((a) => (a.most === 0 ? 0 : a.inSpan / a.most)));
  const backlogLeft = Math.min(...per.map((a) => a.queued));
  const exact = per.every((a) => a.exact);
  const lags = per.flatMap((a) => a.lags).sort((x, y) => x - y);
  const q = (p: number) => Math.round(lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] ?? 0);
  const utilization = allowed === 0 ? 0 : actual / allowed;
  const pairs = sum((a) => a.reuse.pairs);
  const reuse = pairs === 0 ? 0 : sum((a) => a.reuse.mean * a.reuse.pairs) / pairs;
  log(
    `${sent} sends by ${ids.length} accounts over ${Math.round((stoppedAt - started) / 1000)} s; in whole day windows ${actual} of at most ${allowed}` +
      ` (lowest account ${lowest.toFixed(3)}); day-cap slots reused at ${reuse.toFixed(3)} (${pairs} pairs); least backlog left ${backlogLeft}`,
  );
  log(
    `lag behind the caps (send time - the earliest instant the caps and the previous send allowed): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`,
  );
  const figures = {
    accounts: ids.length,
    sends: sent,
    runMs: stoppedAt - started,
    perHour: CAPS.perHour,
    hourMs: CAPS.hourMs,
    perDay: CAPS.perDay,
    dayMs: CAPS.dayMs,
  };
  return [
    report({
      benchmark: 'sends-cap-violations',
      figures: { ...figures, violations },
      ratio: violations,
      target: '0 rolling windows (hour and day, per account) over their cap',
      met: violations === 0,
    }),
    report({
      benchmark: 'sends-cap-utilization',
      figures: {
        ...figures,
        sendsInWholeDays: actual,
        capsAllow: allowed,
        lowestAccount: Number(lowest.toFixed(3)),
        slotReuse: Number(reuse.toFixed(3)),
        lagP50Ms: q(0.5),
        lagP95Ms: q(0.95),
        backlogLeftMin: backlogLeft,
      },
      ratio: utilization,
      target:
        'sends >= 0.95 x the most the caps allow over the same whole day windows, and day-cap slots reused at >= 0.95, backlog never empty',
      met: utilization >= 0.95 && reuse >= 0.95 && backlogLeft > 0 && sent >= SENDS,
      note: `${sent} sends measured (target ${SENDS})`,
    }),
    report({
      benchmark: 'sends-exactly-once',
      figures: { ...figures, simulatorSends: b.sims.reduce((n, s) => n + s.control.sends().length, 0), ...health },
      ratio: exact ? 1 : 0,
      target: 'simulator ledgers = items sent in the DB, each once; nothing lost',
      met: exact,
    }),
  ];
}
