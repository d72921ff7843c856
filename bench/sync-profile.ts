import type { Client } from '@temporalio/client';
import type { MinimalFetch } from '../src/adapters/safari/keep-alive-fetch';
import type { WorkflowGateway } from '../src/temporal/workflow-gateway';
import { log } from './report';

/**
 * Where a sync's time goes (`BENCH_PROFILE=1 npm run bench -- sync`): every data-API and Safari
 * request the worker makes, summed by route, and the workflow's history read back — per activity
 * type its queue wait (scheduled → started), its run, and the workflow's own turn between one
 * activity's end and the next one's scheduling. Request times overlap (a chunk's write runs beside
 * the next chunk's reads), so their sums may exceed the wall time. Off, it only passes calls on.
 */

type Bucket = { n: number; ms: number };

export interface SyncProfile {
  dataFetch: (base: typeof fetch) => typeof fetch;
  safariFetch: (base: MinimalFetch) => MinimalFetch;
  /** Times each wake of the webhook dispatcher (a signal-with-start) the worker's writes send. */
  wakes: (gateway: Pick<WorkflowGateway, 'signalWithStart'>) => Pick<WorkflowGateway, 'signalWithStart'>;
  /** Starts counting afresh; `finish` keeps what was counted since, for `print` at the end. */
  start(): void;
  finish(workflowId: string, runId: string, wallMs: number): void;
  /** Prints every finished run's counts with its history (read now, outside the timed runs). */
  print(client: Client): Promise<void>;
}

export function syncProfile(on = process.env.BENCH_PROFILE === '1'): SyncProfile {
  let buckets = new Map<string, Bucket>();
  let cpu = process.cpuUsage();
  const add = (key: string, ms: number) => {
    const b = buckets.get(key) ?? { n: 0, ms: 0 };
    b.n += 1;
    b.ms += ms;
    buckets.set(key, b);
  };
  const done: { workflowId: string; runId: string; wallMs: number; cpuMs: number; buckets: Map<string, Bucket> }[] = [];
  const route = (url: string) => new URL(url).pathname.replace(/\/[0-9a-f-]{36}/g, '/:id');
  return {
    dataFetch: (base) =>
      on
        ? async (input, init) => {
            const t = performance.now();
            const res = await base(input, init);
            const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
            add(`db ${init?.method ?? 'GET'} ${route(url)}`, performance.now() - t);
            return res;
          }
        : base,
    safariFetch: (base) =>
      on
        ? async (url, init) => {
            const t = performance.now();
            const res = await base(url, init);
            const text = await res.text();
            add(`safari ${init.method ?? 'GET'} ${route(url)}`, performance.now() - t);
            return { status: res.status, text: async () => text };
          }
        : base,
    wakes: (gateway) => {
      if (!on) return gateway;
      const signalWithStart: WorkflowGateway['signalWithStart'] = async (contract, input, signal, arg, key) => {
        const t = performance.now();
        try {
          return await gateway.signalWithStart(contract, input, signal, arg, key);
        } finally {
          add('temporal webhook dispatcher wake (signal-with-start)', performance.now() - t);
        }
      };
      return { signalWithStart };
    },
    start() {
      buckets = new Map();
      cpu = process.cpuUsage();
    },
    finish(workflowId, runId, wallMs) {
      if (!on) return;
      const used = process.cpuUsage(cpu);
      done.push({ workflowId, runId, wallMs, cpuMs: Math.round((used.user + used.system) / 1000), buckets });
    },
    async print(client) {
      for (const run of done.splice(0)) {
        log(
          `profile of ${run.workflowId}: ${run.wallMs} ms wall; this process (worker, simulator, bench) used ${run.cpuMs} ms CPU`,
        );
        for (const [key, b] of [...run.buckets].sort((a, z) => z[1].ms - a[1].ms))
          log(`  ${key.padEnd(52)} ${String(b.n).padStart(6)} calls ${Math.round(b.ms).toString().padStart(7)} ms`);
        for (const line of await historyLines(client, run.workflowId, run.runId)) log(`  ${line}`);
      }
    },
  };
}

const ms = (t: unknown) => {
  const ts = t as { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;
  if (!ts) return 0;
  const s = typeof ts.seconds === 'number' ? ts.seconds : (ts.seconds?.toNumber() ?? 0);
  return s * 1000 + (ts.nanos ?? 0) / 1e6;
};

/** Per activity type: count, queue wait, run; and the workflow's own time between activities. */
async function historyLines(client: Client, workflowId: string, runId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const events = history.events ?? [];
  const scheduled = new Map<string, { type: string; at: number; startedAt?: number }>();
  const byType = new Map<string, { n: number; queue: number; run: number }>();
  let between = 0;
  let lastEnd: number | null = null;
  let signals = 0;
  let markers = 0;
  for (const e of events) {
    const at = ms(e.eventTime);
    const id = String(e.eventId);
    if (e.activityTaskScheduledEventAttributes) {
      scheduled.set(id, { type: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?', at });
      if (lastEnd !== null) between += at - lastEnd;
    } else if (e.activityTaskStartedEventAttributes) {
      const s = scheduled.get(String(e.activityTaskStartedEventAttributes.scheduledEventId));
      if (s) s.startedAt = at;
    } else if (e.activityTaskCompletedEventAttributes || e.activityTaskFailedEventAttributes) {
      const a = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes;
      const s = scheduled.get(String(a!.scheduledEventId));
      if (!s) continue;
      const t = byType.get(s.type) ?? { n: 0, queue: 0, run: 0 };
      t.n += 1;
      t.queue += (s.startedAt ?? at) - s.at;
      t.run += at - (s.startedAt ?? at);
      byType.set(s.type, t);
      lastEnd = at;
    } else if (e.workflowExecutionSignaledEventAttributes) signals += 1;
    else if (e.markerRecordedEventAttributes) markers += 1;
  }
  const first = ms(events[0]?.eventTime);
  const last = ms(events.at(-1)?.eventTime);
  const firstScheduled = [...scheduled.values()][0]?.at ?? first;
  return [
    `history: ${events.length} events over ${Math.round(last - first)} ms; ${signals} signals in, ${markers} local activities`,
    `start to the first activity scheduled (the turn asked for and granted): ${Math.round(firstScheduled - first)} ms; last activity's end to the run's end: ${Math.round(last - (lastEnd ?? last))} ms`,
    ...[...byType].map(
      ([type, t]) =>
        `activity ${type.padEnd(24)} ${String(t.n).padStart(4)}x  queue ${Math.round(t.queue)} ms  run ${Math.round(t.run)} ms`,
    ),
    `workflow between activities (task round trips): ${Math.round(between)} ms`,
  ];
}
