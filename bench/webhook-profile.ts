import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DeliveryRepository } from '../src/adapters/db/delivery-repository';
import type { WorkflowGateway } from '../src/temporal/workflow-gateway';
import { benchRoot, cpuLine, cpuOfDescendants } from './process-cpu';
import { log } from './report';

/**
 * Where a webhook pipeline run spends its time (BENCH_WEBHOOK_PROFILE=1): every data-API call of
 * delivery counted and timed (wrapped in place on the stack's own repository object), the
 * signals sent, the CPU seconds of this process and each kind of child (the database, the data
 * API, the Temporal server), and the endpoint workflows' activity steps in the window.
 * BENCH_WEBHOOK_PROFILE=cpu also writes this process's CPU profile of each run to /tmp (open it in
 * Chrome's DevTools) and prints its heaviest functions.
 */

type Counter = { calls: number; ms: number; rows: number };
export function createWebhookProfile(
  stack: { deps: { deliveries: DeliveryRepository; workflows: Pick<WorkflowGateway, 'signalWithStart'> } },
  env: TestWorkflowEnvironment,
) {
  const counters = new Map<string, Counter>();
  const count = (name: string, ms: number, rows: number) => {
    const c = counters.get(name) ?? { calls: 0, ms: 0, rows: 0 };
    counters.set(name, { calls: c.calls + 1, ms: c.ms + ms, rows: c.rows + rows });
  };
  const wrap = <T extends object>(
    target: T,
    name: keyof T & string,
    label: string,
    rowsOf: (a: unknown[], r: unknown) => number,
  ) => {
    const fn = target[name] as (...a: unknown[]) => Promise<unknown>;
    (target as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const started = performance.now();
      const result = await fn.apply(target, args);
      count(label, performance.now() - started, rowsOf(args, result));
      return result;
    };
  };
  const d = stack.deps.deliveries;
  wrap(d, 'outboxPage', 'outbox page', (_a, r) => (r as { events: unknown[] }).events.length);
  wrap(d, 'fanOut', 'fan out', (a) => (a[0] as unknown[]).length);
  wrap(d, 'due', 'due (endpoint + rows)', (_a, r) => (r as { deliveries: unknown[] } | null)?.deliveries.length ?? 0);
  wrap(d, 'record', 'record attempts', (a) => (a[1] as unknown[]).length);
  wrap(
    d,
    'recordAndDue',
    'record attempts + due rows',
    (_a, r) => (r as { due: { deliveries: unknown[] } | null }).due?.deliveries.length ?? 0,
  );
  wrap(stack.deps.workflows, 'signalWithStart', 'signal-with-start', () => 1);

  let startedAt = 0;
  let cpuAt = new Map<string, number>();
  const inspector = process.env.BENCH_WEBHOOK_PROFILE === 'cpu' ? new Session() : null;
  inspector?.connect();
  return {
    async start() {
      counters.clear();
      startedAt = Date.now();
      cpuAt = cpuOfDescendants(benchRoot());
      await inspector?.post('Profiler.enable');
      await inspector?.post('Profiler.start');
    },
    async report(label: string, endpointIds: string[]) {
      const wallS = (Date.now() - startedAt) / 1000;
      if (inspector) heaviest(label, (await inspector.post('Profiler.stop')).profile as CpuProfile);
      log(`profile ${label}: ${wallS.toFixed(1)} s wall; CPU ${cpuLine(cpuAt, cpuOfDescendants(benchRoot()))}`);
      for (const [name, c] of counters)
        log(
          `  ${name}: ${c.calls} calls, ${(c.ms / Math.max(1, c.calls)).toFixed(1)} ms each, ${(c.rows / Math.max(1, c.calls)).toFixed(1)} rows each`,
        );
      let steps = 0;
      for (const id of endpointIds) {
        const history = await env.client.workflow.getHandle(`webhook-endpoint:${id}`).fetchHistory();
        steps += (history.events ?? []).filter(
          (e) => e.activityTaskScheduledEventAttributes && Number(e.eventTime?.seconds ?? 0) * 1000 >= startedAt - 1000,
        ).length;
      }
      log(`  endpoint activity steps: ${steps} over ${endpointIds.length} endpoints`);
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by function, the heaviest 25, and the whole profile to a file. */
function heaviest(label: string, profile: CpuProfile) {
  const file = `/tmp/webhook-bench-${label.replace(/\W+/g, '-')}.cpuprofile`;
  writeFileSync(file, JSON.stringify(profile));
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id)!;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/wt-[^/]+\//, '')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  log(`  CPU profile (${file}): ${(total / 1000).toFixed(1)} s sampled; heaviest self time:`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    log(`    ${ms.toFixed(0).padStart(6)} ms  ${k}`);
}
