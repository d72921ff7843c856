import { execFileSync } from 'node:child_process';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ScheduleHandle } from '@temporalio/client';
import { bundleWorkflowCode, Runtime, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { CRM_SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import { WORKFLOWS_PATH } from '../../src/temporal/workflows-path';

/**
 * A real Temporal dev server for tests: the cached `temporal` binary started by
 * TestWorkflowEnvironment.createLocal (the time-skipping server needs a download, so durations
 * are scaled down through config instead).
 */

let runtimeInstalled = false;

export function temporalCliPath(): string {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  return execFileSync('bash', ['scripts/ensure-temporal.sh'], { encoding: 'utf8' }).trim();
}

/** SDK logs (the TypeScript side and the native core) at ERROR only: tests assert, they do not narrate. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
  runtimeInstalled = true;
}

export async function startTestTemporal(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes: CRM_SEARCH_ATTRIBUTES,
      ip: '127.0.0.1',
    },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundling takes seconds; do it once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}

export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Triggers a schedule and waits (bounded) for the id of the workflow its tick started. */
export async function triggerAndAwaitTick(schedule: ScheduleHandle): Promise<string> {
  await schedule.trigger();
  for (let i = 0; ; i++) {
    const tick = (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId;
    if (tick) return tick;
    if (i >= 200) throw new Error(`the trigger of ${schedule.scheduleId} started no workflow within 200 checks`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
