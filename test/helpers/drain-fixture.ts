import type { AttemptRecord, DeliveryEndpoint, DueDelivery } from '../../src/adapters/db/delivery-repository';

/** An endpoint and its due rows as the delivery repository hands them to the drain (unit tests). */
export const ENDPOINT: DeliveryEndpoint = {
  id: 'ep',
  url: 'http://r/hook',
  enabled: true,
  disabledReason: null,
  failingSince: null,
  secrets: ['s'],
};

export const row = (n: number): DueDelivery => ({
  id: `d${n}`,
  messageId: `msg_${n}`,
  attempts: 0,
  replay: false,
  type: 'message.sent',
  occurredAt: '2026-11-29T12:00:00Z',
  payload: {},
  entityId: 'c',
  entitySeq: n,
});

/** What a send answers for `d`, as the activity builds it (a 200 unless told otherwise). */
export const attemptOf = (
  d: DueDelivery,
  o: { attempt?: number; outcome?: AttemptRecord['outcome']; status?: number; at?: number } = {},
): AttemptRecord => ({
  deliveryId: d.id,
  messageId: d.messageId,
  eventType: d.type,
  attempt: o.attempt ?? 1,
  outcome: o.outcome ?? 'delivered',
  responseStatus: o.status ?? 200,
  responseBody: '',
  latencyMs: 1,
  error: null,
  nextAttemptAt: null,
  replay: false,
  test: false,
  attemptedAt: new Date(o.at ?? 0).toISOString(),
});
