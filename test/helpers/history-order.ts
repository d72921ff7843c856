import type { WorkflowHandle } from '@temporalio/client';

/**
 * A workflow's history as the order assertions read it: each event's server time and what it was
 * (an activity scheduled or completed, a signal in or out). Times come from the one Temporal
 * server, so events that cause one another across workflows compare in order.
 */
export interface OrderEvent {
  at: number;
  scheduled: string | null;
  /** The activity type this event completed. */
  completed: string | null;
  signalIn: string | null;
  signalOut: string | null;
}

type Stamp = { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;
const msOf = (t: Stamp) =>
  !t ? 0 : (typeof t.seconds === 'number' ? t.seconds : (t.seconds?.toNumber() ?? 0)) * 1000 + (t.nanos ?? 0) / 1e6;

export async function orderOf(handle: WorkflowHandle): Promise<OrderEvent[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const types = new Map<string, string>();
  return events.map((e) => {
    const scheduled = e.activityTaskScheduledEventAttributes?.activityType?.name ?? null;
    if (scheduled) types.set(String(e.eventId), scheduled);
    const done = e.activityTaskCompletedEventAttributes;
    return {
      at: msOf(e.eventTime),
      scheduled,
      completed: done ? (types.get(String(done.scheduledEventId)) ?? null) : null,
      signalIn: e.workflowExecutionSignaledEventAttributes?.signalName ?? null,
      signalOut: e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName ?? null,
    };
  });
}
