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
