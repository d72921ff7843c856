import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/**
 * Where a DM's time went, read back from the Temporal histories of the runs it passed through (the
 * server's clock, on this machine the same as the bench's): when each run started, when each
 * activity was scheduled, started and completed, and when each signal was received.
 */

export interface Step {
  /** e.g. "activity prepareDirectDm completed", "signal queueChanged". */
  what: string;
  atMs: number;
}

const msOf = (e: HistoryEvent) => {
  const s = e.eventTime?.seconds ?? 0;
  return (typeof s === 'number' ? s : s.toNumber()) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
};

/** The steps of the workflow's latest run (a continued one included), those at or after `sinceMs`. */
export async function steps(client: Client, workflowId: string, sinceMs: number): Promise<Step[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, string>();
  const out: Step[] = [];
  for (const e of history.events ?? []) {
    const atMs = msOf(e);
    const id = String(e.eventId);
    let what: string | null = null;
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        what = 'run started';
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        what = `signal ${e.workflowExecutionSignaledEventAttributes?.signalName}`;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        scheduled.set(id, e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?');
        what = `activity ${scheduled.get(id)} scheduled`;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        what = `activity ${scheduled.get(String(e.activityTaskStartedEventAttributes?.scheduledEventId))} started`;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        what = `activity ${scheduled.get(String(e.activityTaskCompletedEventAttributes?.scheduledEventId))} completed`;
        break;
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        what = 'local activities recorded'; // written with the workflow task that ran them
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        what = 'run completed';
        break;
    }
    if (what && atMs >= sinceMs) out.push({ what, atMs });
  }
  return out;
}

/** The first step whose name starts with `prefix`, in ms after `t0` (NaN when there is none). */
export function at(list: Step[], prefix: string, t0: number): number {
  const s = list.find((x) => x.what.startsWith(prefix));
  return s ? s.atMs - t0 : Number.NaN;
}

/** p-quantile of the values (nearest rank), max, all rounded to whole ms. */
export function quantiles(values: number[]) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const q = (p: number) => Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN);
  return { p50: q(0.5), p99: q(0.99), max: Math.round(sorted[sorted.length - 1] ?? Number.NaN) };
}

/** The median of each named part over the samples, for "where the time goes". */
export function medianParts(samples: Record<string, number>[]): Record<string, number> {
  const keys = Object.keys(samples[0] ?? {});
  return Object.fromEntries(keys.map((k) => [k, quantiles(samples.map((s) => s[k]!)).p50]));
}

/** The sender's steps from its wake to the send at the simulator, the same for every way a DM comes in. */
export function senderSteps(sender: Step[], arrival: { atMs: number; answeredMs: number }, t0: number) {
  return {
    senderSignalled: at(sender, 'signal queueChanged', t0),
    turnGranted: at(sender, 'signal safariTurnGranted', t0),
    reservedSendScheduled: at(sender, 'activity sendOutreachItem scheduled', t0),
    sendActivityStarted: at(sender, 'activity sendOutreachItem started', t0),
    sim: arrival.atMs - t0,
    /** Not a step: how long the simulator itself took to answer the send. */
    simOwnSend: arrival.answeredMs,
  };
}
