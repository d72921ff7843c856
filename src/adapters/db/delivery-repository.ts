import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { Gap, OutboxRef, Owed, Subscriber } from '../../domain/webhook-dispatch';
import type { EndpointChange } from '../../domain/webhook-outcomes';
import { parseRow, unwrap } from './db-errors';
import { signingSecrets } from './webhook-repository';
import { UUID } from './values';

/**
 * Webhook delivery storage: the dispatcher's page of the outbox and its fan-out, an endpoint's due
 * deliveries and the attempts made, replays. Decisions come in from src/domain; every answer is
 * checked here.
 */

/** A page of the outbox after the cursor, with the enabled endpoints to match it against. */
export interface OutboxPage {
  lastSeq: number;
  gap: Gap | null;
  xmin: string;
  xmax: string;
  events: OutboxRef[];
  subscribers: Subscriber[];
}
/** What a delivery step needs of its endpoint: where, how it is signed now, its health. */
export interface DeliveryEndpoint {
  id: string;
  url: string;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  secrets: string[];
}
export interface DueDelivery {
  id: string;
  messageId: string;
  attempts: number;
  replay: boolean;
  type: string;
  occurredAt: string;
  payload: unknown;
  entityId: string;
  entitySeq: number;
}
export interface AttemptRecord {
  deliveryId: string | null;
  messageId: string;
  eventType: string;
  attempt: number;
  outcome: 'delivered' | 'retrying' | 'failed' | 'gone';
  responseStatus: number | null;
  responseBody: string | null;
  latencyMs: number;
  error: string | null;
  nextAttemptAt: string | null;
  replay: boolean;
  test: boolean;
  attemptedAt: string;
}
/** An endpoint and what is due for it; null: no such endpoint. */
export type DueRead = { endpoint: DeliveryEndpoint; deliveries: DueDelivery[] } | null;
export interface ReplayRow {
  eventId: string;
  eventSeq: number;
  eventType: string;
  messageId: string;
}

export interface DeliveryRepository {
  outboxPage(limit: number): Promise<OutboxPage>;
  /** Enabled endpoints, as the dispatcher matches them (a test send too). */
  subscribers(): Promise<Subscriber[]>;
  /** Writes the deliveries and the cursor together; answers the endpoints given a new delivery. */
  fanOut(owed: Owed[], lastSeq: number, gap: Gap | null): Promise<string[]>;
  /** Enabled endpoints owed a delivery due before `beforeIso` (a wake may have been lost). */
  stranded(beforeIso: string): Promise<string[]>;
  /** The endpoint and what is due for it (nothing when it is disabled); null: no such endpoint. */
  due(endpointId: string, limit: number, now: number, exclude?: string[]): Promise<DueRead>;
  /** Answers when the endpoint next has something due (null: nothing pending). */
  record(endpointId: string, attempts: AttemptRecord[], change: EndpointChange): Promise<string | null>;
  /** `record`, then in the same round trip `due` (up to `limit` rows, leaving out `exclude`). */
  recordAndDue(
    endpointId: string,
    attempts: AttemptRecord[],
    change: EndpointChange,
    next: { limit: number; exclude: string[]; now: number },
  ): Promise<{ nextDueAt: string | null; due: DueRead }>;
  /** Outbox events of these types (or all: '*') since a time and after a seq, oldest first, at most `limit`. */
  eventsSince(sinceIso: string, types: string[], afterSeq: number, limit: number): Promise<OutboxRef[]>;
  eventByMessage(messageId: string): Promise<OutboxRef | null>;
  replay(endpointId: string, rows: ReplayRow[]): Promise<number>;
  /** Deletes up to `limit` attempts and settled deliveries older than `beforeIso`; answers how many. */
  prune(beforeIso: string, limit: number): Promise<number>;
}

const num = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const ref = z.object({ id: z.string(), seq: num, type: z.string(), occurred_at: z.string() });
const toRef = (r: z.infer<typeof ref>): OutboxRef => ({
  id: r.id,
  seq: r.seq,
  type: r.type,
  occurredAt: r.occurred_at,
});
const page = z.object({
  last_seq: num,
  gap_from: num.nullable(),
  gap_to: num.nullable(),
  gap_horizon: z.string().nullable(),
  xmin: z.string().regex(/^\d+$/),
  xmax: z.string().regex(/^\d+$/),
  events: z.array(ref),
  subscribers: z.array(z.object({ id: z.string(), events: z.array(z.string()), created_at: z.string() })),
});
const dueRows = z.array(
  z.object({
    id: z.string(),
    message_id: z.string(),
    attempts: z.number().int(),
    replay: z.boolean(),
    type: z.string(),
    occurred_at: z.string(),
    payload: z.unknown(),
    entity_id: z.string(),
    entity_seq: z.number().int(),
  }),
);
const due = z
  .object({
    endpoint: z.object({
      id: z.string(),
      url: z.string(),
      enabled: z.boolean(),
      disabled_reason: z.string().nullable(),
      failing_since: z.string().nullable(),
      secret: z.string(),
      previous_secret: z.string().nullable(),
      previous_secret_expires_at: z.string().nullable(),
    }),
    deliveries: dueRows,
  })
  .nullable();
const recordedAndDue = z.object({ next_due_at: z.string().nullable(), due });
const subscriber = z.array(z.object({ id: z.string(), events: z.array(z.string()), created_at: z.string() }));

export function createDeliveryRepository(db: SupabaseClient): DeliveryRepository {
  return {
    async outboxPage(limit) {
      const raw = unwrap<unknown>('read the outbox', await db.rpc('crm_webhook_outbox_page', { p_limit: limit }));
      const p = parseRow('read the outbox', page, raw);
      const gap =
        p.gap_from !== null && p.gap_to !== null && p.gap_horizon !== null
          ? { from: p.gap_from, to: p.gap_to, horizon: p.gap_horizon }
          : null;
      const subscribers = p.subscribers.map((r) => ({ id: r.id, events: r.events, createdAt: r.created_at }));
      return { lastSeq: p.last_seq, gap, xmin: p.xmin, xmax: p.xmax, events: p.events.map(toRef), subscribers };
    },
    async subscribers() {
      const raw = unwrap<unknown>(
        'read webhook subscribers',
        await db.from('webhook_endpoints').select('id, events, created_at').eq('enabled', true),
      );
      return parseRow('read webhook subscribers', subscriber, raw).map((r) => ({
        id: r.id,
        events: r.events,
        createdAt: r.created_at,
      }));
    },
    async fanOut(owed, lastSeq, gap) {
      const rows = owed.map((o) => ({
        endpoint_id: o.endpointId,
        event_id: o.eventId,
        event_seq: o.eventSeq,
        event_type: o.eventType,
        message_id: o.messageId,
      }));
      const raw = unwrap<unknown>(
        'queue webhook deliveries',
        await db.rpc('crm_webhook_fan_out', { p_rows: rows, p_last_seq: lastSeq, p_gap: gap ?? {} }),
      );
      return parseRow('queue webhook deliveries', z.array(z.string()), raw);
    },
    async stranded(beforeIso) {
      const raw = unwrap<unknown>(
        'find stranded deliveries',
        await db.rpc('crm_webhook_stranded', { p_due_before: beforeIso }),
      );
      return parseRow('find stranded deliveries', z.array(z.string().regex(UUID)), raw);
    },
    async due(endpointId, limit, now, exclude = []) {
      if (!UUID.test(endpointId)) return null;
      const raw = unwrap<unknown>(
        'read due deliveries',
        await db.rpc('crm_webhook_due', { p_endpoint: endpointId, p_limit: limit, p_exclude: exclude }),
      );
      return toDue(parseRow('read due deliveries', due, raw), now);
    },
    async record(endpointId, attempts, change) {
      const raw = unwrap<unknown>(
        'record webhook attempts',
        await db.rpc('crm_webhook_record', { p_endpoint: endpointId, ...recordArgs(attempts, change) }),
      );
      return parseRow('record webhook attempts', z.string().nullable(), raw);
    },
    async recordAndDue(endpointId, attempts, change, next) {
      const raw = unwrap<unknown>(
        'record webhook attempts and read due ones',
        await db.rpc('crm_webhook_record_and_due', {
          p_endpoint: endpointId,
          ...recordArgs(attempts, change),
          p_limit: next.limit,
          p_exclude: next.exclude,
        }),
      );
      const r = parseRow('record webhook attempts and read due ones', recordedAndDue, raw);
      return { nextDueAt: r.next_due_at, due: toDue(r.due, next.now) };
    },
    async eventsSince(sinceIso, types, afterSeq, limit) {
      let q = db
        .from('event_outbox')
        .select('id, seq, type, occurred_at')
        .gte('occurred_at', sinceIso)
        .gt('seq', afterSeq);
      if (!types.includes('*')) q = q.in('type', types);
      const raw = unwrap<unknown>('read events to replay', await q.order('seq').limit(limit));
      return parseRow('read events to replay', z.array(ref), raw).map(toRef);
    },
    async eventByMessage(messageId) {
      const id = messageId.replace(/^msg_/, '');
      if (!UUID.test(id)) return null;
      const raw = unwrap<unknown>(
        'read a message',
        await db.from('event_outbox').select('id, seq, type, occurred_at').eq('id', id).maybeSingle(),
      );
      const r = parseRow('read a message', ref.nullable(), raw);
      return r ? toRef(r) : null;
    },
    async replay(endpointId, rows) {
      const p_rows = rows.map((r) => ({
        event_id: r.eventId,
        event_seq: r.eventSeq,
        event_type: r.eventType,
        message_id: r.messageId,
      }));
      return parseRow(
        'queue a replay',
        z.number().int(),
        unwrap<unknown>('queue a replay', await db.rpc('crm_webhook_replay', { p_endpoint: endpointId, p_rows })),
      );
    },
    async prune(beforeIso, limit) {
      return parseRow(
        'prune the webhook log',
        z.number().int(),
        unwrap<unknown>(
          'prune the webhook log',
          await db.rpc('crm_webhook_prune', { p_before: beforeIso, p_limit: limit }),
        ),
      );
    },
  };
}

function toDue(r: z.infer<typeof due>, now: number): DueRead {
  if (!r) return null;
  const w = r.endpoint;
  return {
    endpoint: {
      id: w.id,
      url: w.url,
      enabled: w.enabled,
      disabledReason: w.disabled_reason,
      failingSince: w.failing_since,
      secrets: signingSecrets(w, now),
    },
    deliveries: r.deliveries.map((d) => ({
      id: d.id,
      messageId: d.message_id,
      attempts: d.attempts,
      replay: d.replay,
      type: d.type,
      occurredAt: d.occurred_at,
      payload: d.payload,
      entityId: d.entity_id,
      entitySeq: d.entity_seq,
    })),
  };
}

/** The attempts and the endpoint's change as crm_webhook_record takes them. */
function recordArgs(attempts: AttemptRecord[], change: EndpointChange) {
  return {
    p_attempts: attempts.map((a) => ({
      delivery_id: a.deliveryId,
      message_id: a.messageId,
      event_type: a.eventType,
      attempt: a.attempt,
      outcome: a.outcome,
      response_status: a.responseStatus,
      response_body: a.responseBody,
      latency_ms: a.latencyMs,
      error: a.error,
      next_attempt_at: a.nextAttemptAt,
      replay: a.replay,
      test: a.test,
      attempted_at: a.attemptedAt,
    })),
    p_change: {
      ...(change.failingSince !== undefined ? { failing_since: change.failingSince } : {}),
      ...(change.disable ? { disable: change.disable } : {}),
    },
  };
}
