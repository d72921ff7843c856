import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  advanceCursor,
  deliveryBody,
  FIRST_PAGE,
  messageIdOf,
  nextPageSize,
  owedDeliveries,
  type CursorInput,
  type Gap,
  type OutboxRef,
  type Subscriber,
} from '../../src/domain/webhook-dispatch';

const ev = (id: string, seq: number, type: string, occurredAt = '2026-01-15T12:00:00.000Z'): OutboxRef => ({
  id,
  seq,
  type,
  occurredAt,
});
const ep = (id: string, events: string[], createdAt = '2026-01-01T00:00:00.000Z'): Subscriber => ({
  id,
  events,
  createdAt,
});
const pairs = (events: OutboxRef[], endpoints: Subscriber[]) =>
  owedDeliveries(events, endpoints).map((o) => `${o.endpointId}:${o.eventId}`);

describe('owedDeliveries', () => {
  it('owes an event to the endpoints subscribed to its type or to every type, and to no other', () => {
    const events = [ev('e1', 1, 'contact.created'), ev('e2', 2, 'deal.won')];
    const endpoints = [
      ep('a', ['contact.created']),
      ep('b', ['*']),
      ep('c', ['deal.lost', 'contact.updated']),
      ep('d', []),
    ];
    assert.deepEqual(pairs(events, endpoints), ['a:e1', 'b:e1', 'b:e2']);
  });
  it('matches types exactly (no prefixes) and owes an endpoint listing both the type and * once', () => {
    assert.deepEqual(
      pairs([ev('e1', 1, 'contact.created')], [ep('a', ['contact']), ep('b', ['contact.created', '*'])]),
      ['b:e1'],
    );
  });
  it('does not owe an event to an endpoint registered after it happened; one registered at that instant is owed it', () => {
    const events = [
      ev('e1', 1, 'deal.won', '2026-01-15T12:00:00.000Z'),
      ev('e2', 2, 'deal.won', '2026-01-15T12:00:05.000Z'),
    ];
    const endpoints = [
      ep('late', ['*'], '2026-01-15T12:00:00.001Z'),
      ep('same', ['*'], '2026-01-15T12:00:00.000Z'),
      ep('after', ['*'], '2026-01-15T13:00:00Z'),
    ];
    assert.deepEqual(pairs(events, endpoints), ['same:e1', 'late:e2', 'same:e2']);
  });
  it('compares instants, not text: offsets are honoured', () => {
    // 13:00+02:00 is 11:00Z, before the event; 12:30+00:00 is after it.
    const events = [ev('e1', 1, 'deal.won', '2026-01-15T12:00:00+00:00')];
    assert.deepEqual(
      pairs(events, [ep('early', ['*'], '2026-01-15T13:00:00+02:00'), ep('later', ['*'], '2026-01-15T12:30:00+00:00')]),
      ['early:e1'],
    );
  });
  it('gives every endpoint the same message id msg_<eventId>, with the event seq and type', () => {
    const owed = owedDeliveries([ev('7f3c', 42, 'contact.created')], [ep('a', ['*']), ep('b', ['contact.created'])]);
    const row = { eventId: '7f3c', eventSeq: 42, eventType: 'contact.created', messageId: 'msg_7f3c' };
    assert.deepEqual(owed, [
      { endpointId: 'a', ...row },
      { endpointId: 'b', ...row },
    ]);
    assert.equal(messageIdOf('7f3c'), 'msg_7f3c');
  });
  it('owes nothing without events or without endpoints', () => {
    assert.deepEqual(owedDeliveries([], [ep('a', ['*'])]), []);
    assert.deepEqual(owedDeliveries([ev('e1', 1, 'deal.won')], []), []);
  });
});

describe('advanceCursor', () => {
  const cur = (o: Partial<CursorInput>): CursorInput => ({
    lastSeq: 10,
    seqs: [],
    gap: null,
    xmin: '100',
    xmax: '105',
    ...o,
  });
  const gap = (from: number, to: number, horizon: string): Gap => ({ from, to, horizon });

  it('takes a contiguous page whole', () => {
    assert.deepEqual(advanceCursor(cur({ seqs: [11, 12, 13] })), { take: [11, 12, 13], lastSeq: 13, gap: null });
  });
  it('leaves an empty page where it was, keeping an open gap', () => {
    assert.deepEqual(advanceCursor(cur({})), { take: [], lastSeq: 10, gap: null });
    assert.deepEqual(advanceCursor(cur({ gap: gap(11, 12, '105'), xmin: '104' })), {
      take: [],
      lastSeq: 10,
      gap: gap(11, 12, '105'),
    });
  });
  it('ignores seqs at or below the cursor', () => {
    assert.deepEqual(advanceCursor(cur({ seqs: [9, 10, 11, 11, 12] })), { take: [11, 12], lastSeq: 12, gap: null });
    assert.deepEqual(advanceCursor(cur({ seqs: [8, 10, 13], xmax: '107' })), {
      take: [],
      lastSeq: 10,
      gap: gap(11, 12, '107'),
    });
  });
  it('stops before a gap first seen and records the missing range with the snapshot xmax', () => {
    assert.deepEqual(advanceCursor(cur({ seqs: [11, 12, 15, 16], xmax: '105' })), {
      take: [11, 12],
      lastSeq: 12,
      gap: gap(13, 14, '105'),
    });
    assert.deepEqual(advanceCursor(cur({ seqs: [12, 13] })), { take: [], lastSeq: 10, gap: gap(11, 11, '105') });
  });
  it('makes no progress while a transaction running at the first sighting may still hold the seq (xmin < horizon)', () => {
    const open = gap(11, 12, '105');
    // A later snapshot's xmax is not taken: the horizon stays the one of the first sighting.
    assert.deepEqual(advanceCursor(cur({ seqs: [13, 14], gap: open, xmin: '104', xmax: '140' })), {
      take: [],
      lastSeq: 10,
      gap: open,
    });
  });
  it('takes the missing seqs when their transaction commits after all', () => {
    const open = gap(11, 12, '105');
    assert.deepEqual(advanceCursor(cur({ seqs: [11, 12, 13], gap: open, xmin: '104' })), {
      take: [11, 12, 13],
      lastSeq: 13,
      gap: null,
    });
    // Only part of it committed: what is still missing is a new range, seen now.
    assert.deepEqual(advanceCursor(cur({ seqs: [11, 13], gap: open, xmin: '104', xmax: '140' })), {
      take: [11],
      lastSeq: 11,
      gap: gap(12, 12, '140'),
    });
  });
  it('steps over a settled gap (xmin >= horizon) and continues', () => {
    const open = gap(11, 12, '105');
    assert.deepEqual(advanceCursor(cur({ seqs: [13, 14], gap: open, xmin: '105' })), {
      take: [13, 14],
      lastSeq: 14,
      gap: null,
    });
    assert.deepEqual(advanceCursor(cur({ seqs: [13, 14], gap: open, xmin: '900' })), {
      take: [13, 14],
      lastSeq: 14,
      gap: null,
    });
  });
  it('stops at a second gap after stepping over the first, recording it with this snapshot xmax', () => {
    const r = advanceCursor(cur({ seqs: [13, 14, 17, 18], gap: gap(11, 12, '105'), xmin: '110', xmax: '130' }));
    assert.deepEqual(r, { take: [13, 14], lastSeq: 14, gap: gap(15, 16, '130') });
    // The next read, with the second gap still open, does not move.
    assert.deepEqual(advanceCursor(cur({ lastSeq: 14, seqs: [17, 18], gap: r.gap, xmin: '129', xmax: '150' })), {
      take: [],
      lastSeq: 14,
      gap: gap(15, 16, '130'),
    });
  });
  it('compares xids as numbers, not text', () => {
    // '10' < '9' as text; as xids 10 >= 9 settles the gap.
    assert.deepEqual(advanceCursor(cur({ seqs: [12], gap: gap(11, 11, '9'), xmin: '10' })).take, [12]);
    // '9' > '10' as text; as xids 9 < 10 keeps it open.
    assert.deepEqual(advanceCursor(cur({ seqs: [12], gap: gap(11, 11, '10'), xmin: '9' })).take, []);
  });
  it('compares xids beyond 2^53 exactly', () => {
    // As JS numbers 2^53 and 2^53 + 1 are equal, which would settle the gap a transaction too early.
    const open = gap(11, 11, '9007199254740993');
    assert.deepEqual(advanceCursor(cur({ seqs: [12], gap: open, xmin: '9007199254740992' })), {
      take: [],
      lastSeq: 10,
      gap: open,
    });
    assert.deepEqual(advanceCursor(cur({ seqs: [12], gap: open, xmin: '9007199254740993' })), {
      take: [12],
      lastSeq: 12,
      gap: null,
    });
    assert.deepEqual(
      advanceCursor(cur({ seqs: [12], xmax: '18446744073709551615' })).gap,
      gap(11, 11, '18446744073709551615'),
    );
  });
});

describe('deliveryBody', () => {
  const base = { type: 'contact.created', occurredAt: '2026-01-15T12:00:00Z', entityId: 'c_1', entitySeq: 3 };
  it('is {event, timestamp, data} with the entity id and seq added to the data', () => {
    assert.equal(
      deliveryBody({ ...base, payload: { name: 'Ada', tags: ['vip'] } }),
      '{"event":"contact.created","timestamp":"2026-01-15T12:00:00.000Z","data":{"name":"Ada","tags":["vip"],"entity_id":"c_1","entity_seq":3}}',
    );
  });
  it('normalizes the timestamp to ISO in UTC', () => {
    const at = (occurredAt: string) =>
      (JSON.parse(deliveryBody({ ...base, occurredAt, payload: {} })) as { timestamp: string }).timestamp;
    assert.equal(at('2026-01-15T14:00:00.123456+02:00'), '2026-01-15T12:00:00.123Z');
    assert.equal(at('2026-01-15 14:00:00+02'), '2026-01-15T12:00:00.000Z');
  });
  it('wraps a payload that is not an object as {value}', () => {
    const data = (payload: unknown) => (JSON.parse(deliveryBody({ ...base, payload })) as { data: unknown }).data;
    assert.deepEqual(data(42), { value: 42, entity_id: 'c_1', entity_seq: 3 });
    assert.deepEqual(data('hi'), { value: 'hi', entity_id: 'c_1', entity_seq: 3 });
    assert.deepEqual(data(null), { value: null, entity_id: 'c_1', entity_seq: 3 });
    assert.deepEqual(data([1, 2]), { value: [1, 2], entity_id: 'c_1', entity_seq: 3 });
  });
  it('lets the entity id and seq win over payload fields of the same name', () => {
    assert.equal(
      deliveryBody({ ...base, payload: { entity_id: 'other', entity_seq: 99, x: 1 } }),
      '{"event":"contact.created","timestamp":"2026-01-15T12:00:00.000Z","data":{"entity_id":"c_1","entity_seq":3,"x":1}}',
    );
  });
});

describe('nextPageSize', () => {
  it('starts a backlog small, doubles while pages come back full, and stops at the largest page', () => {
    const pages: number[] = [];
    for (let page = nextPageSize(400), n = 0; n < 7; n++, page = nextPageSize(400, { size: page, full: true }))
      pages.push(page);
    assert.deepEqual(pages, [FIRST_PAGE, 50, 100, 200, 400, 400, 400]);
  });
  it('goes back to the first page once a page comes back short (caught up)', () => {
    assert.equal(nextPageSize(400, { size: 200, full: false }), FIRST_PAGE);
  });
  it('never reads past the largest page, even one below the first', () => {
    assert.equal(nextPageSize(10), 10);
    assert.equal(nextPageSize(10, { size: 10, full: true }), 10);
  });
});
