import type { DeliveryEndpoint, DueDelivery } from '../../src/adapters/db/delivery-repository';

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
