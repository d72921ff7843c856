import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastContactedAt, type ContactedFacts } from '../../src/domain/last-contacted';

// When we last wrote to a contact, for the video outreach cooldown: a message of ours with no time
// found by a thread's first read is history of unknown age and does not count; found by a later
// read, it was written since the read before and counts at when it was stored.

const none: ContactedFacts = {
  outboundSentAt: null,
  untimedFirstReadAt: null,
  untimedLaterReadAt: null,
  outreachAt: null,
};
const facts = (f: Partial<ContactedFacts>): ContactedFacts => ({ ...none, ...f });

describe('lastContactedAt', () => {
  it('nothing of ours: never contacted', () => {
    assert.equal(lastContactedAt(none), null);
  });

  it("our untimed messages in a thread's first read (its history) do not count", () => {
    assert.equal(lastContactedAt(facts({ untimedFirstReadAt: '2026-12-06T17:00:00.000Z' })), null);
  });

  it('an untimed message found by a later read counts at when it was stored', () => {
    const f = facts({ untimedFirstReadAt: '2026-12-06T17:00:00.000Z', untimedLaterReadAt: '2026-12-05T10:00:00.000Z' });
    assert.equal(lastContactedAt(f), '2026-12-05T10:00:00.000Z');
  });

  it("the newest of Instagram's time, a later read's store and the ledger's item", () => {
    const at = {
      outboundSentAt: '2026-12-01T08:00:00.000Z',
      untimedLaterReadAt: '2026-12-03T09:30:00.000Z',
      outreachAt: '2026-12-02T12:00:00.000Z',
    };
    assert.equal(lastContactedAt(facts(at)), '2026-12-03T09:30:00.000Z');
    assert.equal(lastContactedAt(facts({ ...at, outreachAt: '2026-12-04T00:00:00.000Z' })), '2026-12-04T00:00:00.000Z');
    assert.equal(
      lastContactedAt(facts({ ...at, outboundSentAt: '2026-12-05T00:00:00.000Z' })),
      '2026-12-05T00:00:00.000Z',
    );
  });

  it('a time that does not parse is left out, not taken as now', () => {
    assert.equal(lastContactedAt(facts({ outboundSentAt: 'yesterday' })), null);
    assert.equal(
      lastContactedAt(facts({ outboundSentAt: 'yesterday', outreachAt: '2026-12-02T12:00:00.000Z' })),
      '2026-12-02T12:00:00.000Z',
    );
  });
});
