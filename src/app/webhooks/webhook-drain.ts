import type { AttemptRecord, DeliveryEndpoint, DueDelivery, DueRead } from '../../adapters/db/delivery-repository';
import { endpointChange } from '../../domain/webhook-outcomes';

/**
 * One endpoint's due deliveries sent continuously: up to `concurrency` in flight, the next rows read
 * while these are out (leaving out every row taken and not yet recorded), and the attempts recorded
 * in chunks as they finish (a chunk slow to fill after `chunkMs`), so the database work overlaps the
 * sending and a worker that dies re-sends at most a chunk plus what was in flight. A chunk's record
 * also reads the next rows in the same round trip when there is room for them, so a steady drain
 * makes one call per chunk; a read of its own goes only when the queue runs low with no read under
 * way. One read at a time, always: two at once would both hand out the same rows. Ends when nothing
 * more is due, after `budgetMs` (the workflow comes straight back), or when the endpoint is deleted
 * or disabled.
 */

export interface DrainPorts {
  /** The endpoint and its due rows, without the excluded ids; null: no such endpoint. */
  fetch(exclude: string[], limit: number): Promise<DueRead>;
  send(endpoint: DeliveryEndpoint, delivery: DueDelivery): Promise<AttemptRecord>;
  /**
   * Records attempts and the endpoint's change, then (given `next`) reads as `fetch` does in the
   * same round trip; answers when the endpoint next has something due, and what was read.
   */
  record(
    records: AttemptRecord[],
    change: ReturnType<typeof endpointChange>,
    next: { exclude: string[]; limit: number } | null,
  ): Promise<{ nextDueAt: string | null; due?: DueRead }>;
  now(): number;
}
export interface DrainOptions {
  batchSize: number;
  concurrency: number;
  disableAfterMs: number;
  budgetMs: number;
  chunk: number;
  /** A chunk not yet full is recorded this long after its first attempt (none: only when full, or at the end). */
  chunkMs?: number;
}
export interface DeliveryStep {
  attempted: number;
  delivered: number;
  nextDueAt: string | null;
  more: boolean;
  stopped: string | null;
}

export async function drainEndpoint(p: DrainPorts, o: DrainOptions): Promise<DeliveryStep> {
  const first = await p.fetch([], o.batchSize);
  if (!first) return { attempted: 0, delivered: 0, nextDueAt: null, more: false, stopped: 'deleted' };
  let endpoint = first.endpoint;
  if (!endpoint.enabled)
    return {
      attempted: 0,
      delivered: 0,
      nextDueAt: null,
      more: false,
      stopped: `disabled: ${endpoint.disabledReason ?? 'by a user'}`,
    };
  const started = p.now();
  const queue = [...first.deliveries];
  /** Taken and not yet recorded: never read again meanwhile. */
  const taken = new Set(queue.map((d) => d.id));
  /**
   * Attempted in this step: a delivery is tried at most once a step, so a retry due at once waits
   * for the workflow's next step instead of hammering a failing receiver inside this one.
   */
  const attempted = new Set<string>();
  let drained = queue.length < o.batchSize;
  let stopped: string | null = null;
  /** The one read under way, alone or with a record. */
  let reading: Promise<void> | null = null;
  let pending: AttemptRecord[] = [];
  let recording: Promise<void> = Promise.resolve();
  /** Records a chunk that is slow to fill (a slow receiver), so the log does not lag behind the sends. */
  let chunkTimer: ReturnType<typeof setTimeout> | null = null;
  const stopChunkTimer = () => {
    if (chunkTimer !== null) clearTimeout(chunkTimer);
    chunkTimer = null;
  };
  const step = { attempted: 0, delivered: 0, nextDueAt: null as string | null };
  const outOfTime = () => p.now() - started >= o.budgetMs;
  const wantsMore = () => !drained && !stopped && !outOfTime();

  const take = (found: DueRead, limit: number) => {
    if (!found) return void (stopped = 'deleted');
    if (!found.endpoint.enabled) stopped = `disabled: ${found.endpoint.disabledReason ?? 'by a user'}`;
    endpoint = { ...found.endpoint, failingSince: endpoint.failingSince };
    const fresh = found.deliveries.filter((d) => !taken.has(d.id) && !attempted.has(d.id));
    for (const d of fresh) taken.add(d.id);
    queue.push(...fresh);
    // Judged on what this step may still send: a read of retries alone must not read again at once.
    drained = fresh.length < limit;
  };
  /** Runs `read` as the one read under way (lanes with nothing left wait for it). */
  const asTheRead = (read: Promise<void>) => (reading = read.finally(() => void (reading = null)));
  const refill = () => reading ?? asTheRead(p.fetch([...taken], o.batchSize).then((f) => take(f, o.batchSize)));

  /**
   * Chunks are recorded one after another, each judged against the streak the one before left.
   * `more`: read with the record while more is due; `look`: read with it even after a short read
   * (the step's closing record, below).
   */
  const flush = (read: 'more' | 'look') => {
    stopChunkTimer();
    const chunk = pending;
    pending = [];
    recording = recording.then(async () => {
      const judged = chunk.map((r) => ({
        outcome: r.outcome,
        replay: r.replay,
        attemptedAtMs: Date.parse(r.attemptedAt),
        status: r.responseStatus,
        error: r.error,
      }));
      const change = endpointChange(endpoint.failingSince, judged, {
        disableAfterMs: o.disableAfterMs,
        nowMs: p.now(),
      });
      // Read with this record when no read is under way and a lane-full fits (when chunks are recorded
      // back to back, the one behind a record that just filled the queue finds less room than a chunk).
      const room = o.batchSize - queue.length;
      const next =
        reading === null &&
        (read === 'look' ? !stopped && !outOfTime() : wantsMore() && room >= Math.min(o.concurrency, o.batchSize));
      const call = p.record(chunk, change, next ? { exclude: [...taken], limit: room } : null);
      const answer = await (next ? asTheRead(call.then((a) => take(a.due ?? null, room))).then(() => call) : call);
      step.nextDueAt = answer.nextDueAt;
      if (change.failingSince !== undefined) endpoint = { ...endpoint, failingSince: change.failingSince };
      if (change.disable) stopped = `disabled: ${change.disable}`;
      for (const r of chunk) if (r.deliveryId) taken.delete(r.deliveryId);
    });
    return recording;
  };

  const lane = async () => {
    for (;;) {
      if (stopped) return;
      if (queue.length < o.concurrency && wantsMore()) void refill();
      if (queue.length === 0 && reading) await reading;
      const next = queue.shift();
      if (!next || stopped) return;
      attempted.add(next.id);
      const record = await p.send(endpoint, next);
      step.attempted += 1;
      if (record.outcome === 'delivered') step.delivered += 1;
      pending.push(record);
      if (pending.length >= o.chunk) void flush('more').catch(() => undefined);
      else if (o.chunkMs !== undefined && chunkTimer === null)
        chunkTimer = setTimeout(() => void flush('more').catch(() => undefined), o.chunkMs);
    }
  };
  for (;;) {
    await Promise.all(Array.from({ length: o.concurrency }, lane));
    stopChunkTimer();
    // A read still under way when the last lane ended: its rows stay due for the next step.
    await (reading as Promise<void> | null);
    // The last chunk, even when empty (what is already scheduled decides when to come back), and in
    // the same call one more look at what is due: under a backlog the dispatcher fans out its next
    // page while this one is sent, and rows found here go in this step instead of a new one.
    await flush('look');
    if (queue.length === 0 || stopped || outOfTime()) break;
  }
  return {
    ...step,
    nextDueAt: stopped ? null : step.nextDueAt,
    more: !stopped && (queue.length > 0 || !drained),
    stopped,
  };
}
