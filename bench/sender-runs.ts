import proto from '@temporalio/proto';
import type { Client } from '@temporalio/client';

const { EventType, TaskQueueKind, WorkflowTaskFailedCause } = proto.temporal.api.enums.v1;
type Event = proto.temporal.api.history.v1.IHistoryEvent;

/**
 * Each run of a sender read back from its history: when it ended, how many events it held, every
 * workflow task that failed (its cause, when, how long it had run) and the slowest task, so a stall
 * the benchmark logs can be set beside what the sender's tasks were doing at that moment.
 */
export async function senderRuns(client: Client, workflowId: string): Promise<string[]> {
  const runs: { runId: string; start: number; close: number | null }[] = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
    runs.push({ runId: run.runId, start: run.startTime.getTime(), close: run.closeTime?.getTime() ?? null });
  runs.sort((a, b) => a.start - b.start);
  const lines: string[] = [];
  for (const run of runs) {
    const events = (await client.workflow.getHandle(workflowId, run.runId).fetchHistory()).events ?? [];
    const tasks = workflowTasks(events);
    const failed = tasks.filter((t) => t.outcome !== 'completed');
    const slowest = tasks.reduce((a, b) => (b.ranMs > a.ranMs ? b : a), tasks[0]!);
    lines.push(
      `run ${run.runId.slice(0, 8)}: ${events.length} events, ended ${run.close ? utc(run.close) : 'open'}; ` +
        `tasks ${tasks.length}, failed ${failed.length}; slowest ${describe(slowest)}`,
    );
    for (const t of failed.slice(0, 6)) lines.push(`  failed ${describe(t)}`);
    // The task after the first failure comes from the normal queue, usually a replay of the whole run.
    const after = failed.length ? tasks[tasks.indexOf(failed[0]!) + 1] : undefined;
    if (after) lines.push(`  next ${describe(after)}`);
  }
  return lines;
}

interface Task {
  scheduledId: number;
  startedAt: number;
  ranMs: number;
  sticky: boolean;
  outcome: string;
}

function workflowTasks(events: Event[]): Task[] {
  const tasks: Task[] = [];
  let scheduledId = 0;
  let sticky = false;
  let startedAt = 0;
  for (const e of events) {
    const at = Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6);
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
      scheduledId = Number(e.eventId);
      sticky = e.workflowTaskScheduledEventAttributes?.taskQueue?.kind === TaskQueueKind.TASK_QUEUE_KIND_STICKY;
    } else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) startedAt = at;
    else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
      tasks.push({ scheduledId, startedAt, ranMs: at - startedAt, sticky, outcome: 'completed' });
    else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
      const cause = WorkflowTaskFailedCause[e.workflowTaskFailedEventAttributes?.cause ?? 0] ?? '?';
      const outcome = cause.replace('WORKFLOW_TASK_FAILED_CAUSE_', '');
      tasks.push({ scheduledId, startedAt, ranMs: at - startedAt, sticky, outcome });
    } else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)
      tasks.push({ scheduledId, startedAt, ranMs: at - startedAt, sticky, outcome: 'timed out' });
  }
  return tasks;
}

const describe = (t: Task) =>
  `#${t.scheduledId} ${t.outcome} started ${utc(t.startedAt)} ran ${t.ranMs} ms (${t.sticky ? 'sticky queue' : 'normal queue'})`;

const utc = (ms: number) => new Date(ms).toISOString().slice(11, 23);
