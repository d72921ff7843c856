import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds of a process and its descendants by kind (this process, postgres, temporal, the data
 * API...), read from /proc: on two cores, a benchmark's pipeline and its baseline are bounded by
 * the CPU all their processes need, not only by this one's.
 */

const CLOCK_TICKS = 100;

/** The run's top process: in a whole run each benchmark is a child of the process holding the cluster. */
export const benchRoot = () => (process.env.BENCH_CHILD === '1' ? process.ppid : process.pid);

export function cpuOfDescendants(root: number): Map<string, number> {
  const procs: { pid: number; ppid: number; comm: string; ticks: number }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.push({ pid: Number(name), ppid: Number(f[1]), comm, ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone meanwhile
    }
  }
  const mine = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) grew = mine.add(p.pid) !== undefined;
  }
  const byKind = new Map<string, number>();
  for (const p of procs) {
    if (!mine.has(p.pid)) continue;
    const kind =
      p.pid === process.pid
        ? 'bench+worker'
        : p.pid === root
          ? 'bench run'
          : p.comm.startsWith('postgres')
            ? 'postgres'
            : p.comm;
    byKind.set(kind, (byKind.get(kind) ?? 0) + p.ticks / CLOCK_TICKS);
  }
  return byKind;
}

/** What each kind used between two readings, the ones above 0.05 s: "bench+worker 2.7 s, postgres 1.4 s". */
export function cpuLine(before: Map<string, number>, after: Map<string, number>): string {
  return [...after]
    .map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const)
    .filter(([, v]) => v > 0.05)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ');
}
