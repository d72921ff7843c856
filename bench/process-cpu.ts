import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { log } from './report';

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
          : p.comm === 'postgrest' // the data API's server: its name starts as PostgreSQL's does
            ? 'postgrest'
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

/**
 * BENCH_CPU_PROFILE=1: this process's CPU profile of one measured step, written to
 * /tmp/<name>.cpuprofile (open it in Chrome's DevTools); otherwise null and nothing is sampled.
 */
export async function startCpuProfile(name: string): Promise<{ stop(): Promise<void> } | null> {
  if (process.env.BENCH_CPU_PROFILE !== '1') return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      const file = `/tmp/${name}.cpuprofile`;
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      log(`CPU profile of ${name}: ${file}`);
    },
  };
}
