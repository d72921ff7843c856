import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AMBIGUOUS_NAME, queuesRead, retriesFailedRead, type StoredThreadState } from '../../src/domain/read-queue';

const stored: StoredThreadState = {
  preview: 'see you',
  previewIsOutbound: false,
  unreadCount: 0,
  needsRead: false,
  lastReadAt: '2026-12-01T00:00:00Z',
};
const row = { preview: 'see you', previewIsOutbound: false, unreadCount: 0 };

describe('when a listing row queues its conversation for reading', () => {
  it('a conversation new to us, one never read, or one already queued', () => {
    assert.equal(queuesRead(null, row), true);
    assert.equal(queuesRead({ ...stored, lastReadAt: null }, row), true);
    assert.equal(queuesRead({ ...stored, needsRead: true }, row), true);
  });

  it('the last message may have changed: another preview, direction or unread count', () => {
    assert.equal(queuesRead(stored, { ...row, preview: 'ok' }), true);
    assert.equal(queuesRead(stored, { ...row, previewIsOutbound: true }), true);
    assert.equal(queuesRead(stored, { ...row, unreadCount: 1 }), true);
  });

  it('not when the row shows what is stored, or does not show it (null)', () => {
    assert.equal(queuesRead(stored, row), false);
    assert.equal(queuesRead(stored, { preview: null, previewIsOutbound: null, unreadCount: null }), false);
  });
});

describe('when the next listing tries a failed read again, though its row shows nothing new', () => {
  it('after a failure Safari reported: the lost read may have been the one that would see a "stop"', () => {
    assert.equal(retriesFailedRead('NOT_FOUND: no conversation with nora to open (Element not found)'), true);
    assert.equal(retriesFailedRead('SERVER_ERROR: osascript timed out'), true);
  });

  it('not after a read that succeeded, nor after our own refusal to open a shared name', () => {
    assert.equal(retriesFailedRead(null), false);
    assert.equal(retriesFailedRead(`${AMBIGUOUS_NAME}: another conversation is listed under this name`), false);
  });
});
