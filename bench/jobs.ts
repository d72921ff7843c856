import { backlogBenchmark } from './outreach-backlog';
import { databasesBenchmark } from './embedded-db';
import { enqueueBenchmark } from './outreach-enqueue';
import { inputCostBenchmark } from './input-cost';
import { latencyBenchmark } from './latency';
import { replyWatchBenchmark } from './reply-watch';
import type { BenchResult } from './report';
import { rescoreBenchmark } from './rescore';
import { sendsBenchmark } from './outreach-sends';
import { syncBenchmark } from './sync';
import { videoAudienceBenchmark } from './video-audience';
import { webhookBenchmark } from './webhook-delivery';

/** One benchmark at one size (or with its own arguments): what one child process of a run measures. */
export interface BenchJob {
  name: string;
  args: string[];
}

type Runner = (args: string[]) => Promise<BenchResult | BenchResult[]>;
const sized = (run: (n: number) => Promise<BenchResult | BenchResult[]>, sizes: number[]) => ({
  run: (args: string[]) => run(Number(args[0])),
  sizes,
});

// In the order a whole run takes them. Sized benchmarks run at two sizes: the one the target is
// stated for is judged, the other shows how the cost grows. Webhooks runs one size in a whole run
// (time); `npm run bench -- webhooks 200` gives another. `databases` runs only when named (about
// half an hour; bench/embedded-db.ts).
const BENCHMARKS: Record<string, { run: Runner; sizes?: number[]; onlyWhenNamed?: boolean }> = {
  sync: sized(syncBenchmark, [500, 2000]),
  rescore: sized(rescoreBenchmark, [10_000, 100_000]),
  enqueue: sized(enqueueBenchmark, [500, 2000]),
  backlog: { run: () => backlogBenchmark() },
  sends: { run: () => sendsBenchmark() },
  webhooks: sized(webhookBenchmark, [1_000]),
  audience: sized(videoAudienceBenchmark, [10_000, 100_000]),
  inputs: { run: () => inputCostBenchmark() },
  'reply-watch': { run: () => replyWatchBenchmark() },
  latency: { run: (args) => latencyBenchmark(args) },
  databases: { run: (args) => databasesBenchmark(args), onlyWhenNamed: true },
};

/** `npm run bench [a,b,…] [size or arguments…]` as the jobs it runs, in order. */
export function benchJobs(argv: string[]): BenchJob[] {
  const [only, ...rest] = argv;
  const named = only ? only.split(',') : [];
  for (const n of named)
    if (!BENCHMARKS[n]) throw new Error(`no benchmark "${n}" (${Object.keys(BENCHMARKS).join(', ')})`);
  const jobs: BenchJob[] = [];
  for (const [name, b] of Object.entries(BENCHMARKS)) {
    if (named.length ? !named.includes(name) : b.onlyWhenNamed) continue;
    const own = named.length === 1 && rest.length > 0;
    if (b.sizes) for (const n of own ? [wholeNumber(rest[0]!)] : b.sizes) jobs.push({ name, args: [String(n)] });
    else jobs.push({ name, args: own ? rest : [] });
  }
  return jobs;
}

export async function runJob(job: BenchJob): Promise<BenchResult[]> {
  const out = await BENCHMARKS[job.name]!.run(job.args);
  return Array.isArray(out) ? out : [out];
}

function wholeNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`size: a whole number, not ${text}`);
  return n;
}
