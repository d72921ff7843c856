/**
 * Which endpoint is owed which outbox event, how far the dispatcher's cursor may move, and the bytes
 * a receiver gets. Pure: the dispatcher activity reads a page and writes what these decide.
 */

export interface OutboxRef {
  id: string;
  seq: number;
  type: string;
  occurredAt: string;
}
export interface Subscriber {
  id: string;
  events: string[];
  createdAt: string;
}
export interface Owed {
  endpointId: string;
  eventId: string;
  eventSeq: number;
  eventType: string;
  messageId: string;
}

/** Standard Webhooks' `webhook-id`: one per (event), the same for every attempt and endpoint. */
export const messageIdOf = (eventId: string) => `msg_${eventId}`;

export const subscribes = (endpoint: Pick<Subscriber, 'events'>, type: string) =>
  endpoint.events.includes('*') || endpoint.events.includes(type);

/** An endpoint is owed the events it subscribes to that happened after it was registered. */
export function owedDeliveries(events: OutboxRef[], endpoints: Subscriber[]): Owed[] {
  const owed: Owed[] = [];
  for (const e of events) {
    const at = Date.parse(e.occurredAt);
    for (const w of endpoints) {
      if (subscribes(w, e.type) && Date.parse(w.createdAt) <= at) {
        owed.push({
          endpointId: w.id,
          eventId: e.id,
          eventSeq: e.seq,
          eventType: e.type,
          messageId: messageIdOf(e.id),
        });
      }
    }
  }
  return owed;
}

/** A missing range of seqs (from..to, both missing) first seen when transactions below `horizon` (a snapshot's xmax) could still commit. */
export interface Gap {
  from: number;
  to: number;
  horizon: string;
}

export interface CursorInput {
  lastSeq: number;
  /** Ascending seqs after lastSeq, as visible now. */
  seqs: number[];
  gap: Gap | null;
  /** The reading snapshot's xmin and xmax (xid8 as decimal text). */
  xmin: string;
  xmax: string;
}

/**
 * The seqs to dispatch now and the new cursor. Seqs are taken in order; at a missing seq the
 * dispatcher stops, because a transaction still running may hold it (identity values are handed
 * out before commit). The missing range is final once every transaction that was running when it
 * was first seen has ended: then it belonged to a rolled-back writer and is stepped over.
 * (Every writer of the outbox writes something else first in its transaction, so it holds an xid
 * before it takes a seq: the horizon covers it.)
 */
export function advanceCursor(c: CursorInput): { take: number[]; lastSeq: number; gap: Gap | null } {
  const take: number[] = [];
  let expected = c.lastSeq + 1;
  let gap = c.gap;
  for (let i = 0; i < c.seqs.length; i++) {
    const seq = c.seqs[i]!;
    if (seq < expected) continue;
    if (seq > expected) {
      const settled = gap !== null && gap.from === expected && BigInt(c.xmin) >= BigInt(gap.horizon);
      if (!settled) {
        // A first sighting (or a different range): remember it with this snapshot's horizon.
        if (gap === null || gap.from !== expected) gap = { from: expected, to: seq - 1, horizon: c.xmax };
        return { take, lastSeq: expected - 1, gap };
      }
      gap = null;
    }
    take.push(seq);
    expected = seq + 1;
  }
  return { take, lastSeq: expected - 1, gap: gap && gap.from === expected ? gap : null };
}

/** The design's body: `{event, timestamp, data}`; data carries the entity's id and per-entity seq. */
export function deliveryBody(e: {
  type: string;
  occurredAt: string;
  payload: unknown;
  entityId: string;
  entitySeq: number;
}): string {
  const data =
    typeof e.payload === 'object' && e.payload !== null && !Array.isArray(e.payload) ? e.payload : { value: e.payload };
  return JSON.stringify({
    event: e.type,
    timestamp: new Date(e.occurredAt).toISOString(),
    data: { ...data, entity_id: e.entityId, entity_seq: e.entitySeq },
  });
}

/** A backlog's first page of the outbox: its fan-out is what the backlog's first sends wait for. */
export const FIRST_PAGE = 25;

/**
 * The next page of the outbox to read, up to `max`: with no page before, or after one that came
 * back short (the dispatcher caught up), the first page, kept small so the first sends of a new
 * backlog wait for a short fan-out; after a full one, twice that page. A page costs a step and a
 * wake of every endpoint it fans out to, and while the endpoints send one page the next is fanned
 * out, so a bigger page there costs nobody a wait.
 */
export function nextPageSize(max: number, last?: { size: number; full: boolean }): number {
  return last?.full ? Math.min(last.size * 2, max) : Math.min(FIRST_PAGE, max);
}
