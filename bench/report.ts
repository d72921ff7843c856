/**
 * Every benchmark ends with one JSON line: its name, the figures measured in this run, the ratio
 * against the baseline measured in the same run, the target and whether it was met.
 */
export interface BenchResult {
  benchmark: string;
  figures: Record<string, number>;
  ratio: number;
  target: string;
  met: boolean;
  note?: string;
  /** Figures another line's target judges (e.g. each re-sync before the settled one): not counted as a miss. */
  informational?: boolean;
}

export function report(result: BenchResult): BenchResult {
  process.stdout.write(`${JSON.stringify({ ...result, ratio: Number(result.ratio.toFixed(3)) })}\n`);
  return result;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - started), value };
}

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** The run's closing table on stderr: every figure judged, its ratio, its target, met or missed. */
export function summarise(results: BenchResult[]) {
  const verdict = (r: BenchResult) => (r.informational ? 'info' : r.met ? 'met' : 'MISSED');
  const width = Math.max(10, ...results.map((r) => r.benchmark.length));
  log('summary (ratio against the baseline measured in this run):');
  for (const r of results)
    log(`  ${r.benchmark.padEnd(width)}  ${verdict(r).padEnd(6)}  ${r.ratio.toFixed(3).padStart(8)}  ${r.target}`);
}

/**
 * A benchmark's line at a size other than the one its target is stated for: named with the size and
 * informational (it shows how the cost grows; the target judges the stated size).
 */
export function atSize(size: number, judged: number, result: BenchResult): BenchResult {
  if (size === judged) return result;
  return { ...result, benchmark: `${result.benchmark}-${size}`, informational: true };
}
