import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { adminQuery } from '../test/helpers/supabase';
import { benchBackend, startBenchDatabase } from './backend';
import { benchJobs, runJob, type BenchJob } from './jobs';
import { log, summarise, type BenchResult } from './report';

// `npm run bench [sync|rescore|enqueue|backlog|sends|webhooks|audience|inputs|reply-watch|latency|databases] [size]`:
// each benchmark prints one JSON line per target, measured against a baseline taken in the same run
// (bench/jobs.ts lists them). Exit code 1 if a target was missed (the figures are the point; CI does
// not run benchmarks). `npm run bench -- a,b` runs several; `npm run bench -- sync 500` one at a size.
const CHILD = process.env.BENCH_CHILD === '1';
const jobs = benchJobs(process.argv.slice(2));
const results: BenchResult[] = [];
const stopDatabase =
  CHILD || jobs.every((j) => j.name === 'databases') ? async () => undefined : await startBenchDatabase();
try {
  if (CHILD || jobs.length === 1) for (const job of jobs) results.push(...(await runJob(job)));
  else for (const job of jobs) results.push(...(await inItsOwnProcess(job)));
} finally {
  await stopDatabase();
}
if (!CHILD) summarise(results);
const missed = results.filter((r) => !r.met && !r.informational).map((r) => r.benchmark);
if (!CHILD) log(missed.length ? `targets missed: ${missed.join(', ')}` : 'every target met');
// A child's verdict is its lines; its exit code says only whether it ran to the end.
process.exit(!CHILD && missed.length ? 1 : 0);

/**
 * Each benchmark of a run in a process of its own, one after another over the run's one cluster, so
 * none measures what an earlier one left behind: its heap and garbage, timers and connections of
 * stacks it stopped, dirty pages the cluster has yet to write (a checkpoint first). The child's JSON
 * lines are passed on and collected; a child that dies is a missed line of its own, and the run goes on.
 */
async function inItsOwnProcess(job: BenchJob): Promise<BenchResult[]> {
  if (benchBackend() === 'postgres') await adminQuery('checkpoint');
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, job.name, ...job.args], {
    env: { ...process.env, BENCH_CHILD: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: BenchResult[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  for await (const line of createInterface({ input: child.stdout })) {
    process.stdout.write(`${line}\n`);
    if (line.startsWith('{')) lines.push(JSON.parse(line) as BenchResult);
  }
  const code = await exited;
  if (code === 0) return lines;
  const benchmark = [job.name, ...job.args].join(' ');
  log(`${benchmark}: its process exited ${code} before the end; the run goes on`);
  return [
    ...lines,
    { benchmark, figures: {}, ratio: 0, target: 'runs to the end', met: false, note: `exited ${code}` },
  ];
}
