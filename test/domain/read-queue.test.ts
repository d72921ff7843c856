import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AMBIGUOUS_NAME, queuesRead, retriesFailedRead, type StoredThreadState } from '../../src/domain/read-queue';

const stored: StoredThreadState = {
  preview: 'see you',
  previewIsOutbound: false,
  unreadCount: 0,
  needsRead: false,
  lastReadAt: '2026-12-01T00:00:00Z',
  lastReadError: null,
  listingName: 'Nora Rossi',
};
const row = { preview: 'see you', previewIsOutbound: false, unreadCount: 0, listingName: 'Nora Rossi' };

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
    assert.equal(
      queuesRead(stored, { preview: null, previewIsOutbound: null, unreadCount: null, listingName: null }),
      false,
    );
    assert.equal(queuesRead(stored, { ...row, listingName: 'nora_r' }), false, 'another name alone is not news');
  });
});

describe('a thread whose last read failed, at the next listing that shows nothing new', () => {
  const failed = (lastReadError: string, lastReadAt: string | null = stored.lastReadAt) => ({
    ...stored,
    lastReadError,
    lastReadAt,
  });

  it('is tried again after a failure Safari reported: the lost read may have been the one to see a "stop"', () => {
    const hiccup = 'NOT_FOUND: no conversation with nora to open (Element not found)';
    assert.equal(queuesRead(failed(hiccup), row), true);
    assert.equal(queuesRead(failed('SERVER_ERROR: osascript timed out', null), row), true);
    assert.equal(retriesFailedRead(hiccup, false), true);
  });

  it('not after our own refusal to open a shared name, read before or never, while listed under it', () => {
    const refusal = `${AMBIGUOUS_NAME}: another conversation is listed under this name`;
    assert.equal(queuesRead(failed(refusal), row), false);
    assert.equal(queuesRead(failed(refusal, null), row), false, 'never read, but still refused: not every listing');
    assert.equal(retriesFailedRead(refusal, false), false);
  });

  it('after that refusal, once the row shows the thread under another name, which may not be shared', () => {
    const refusal = `${AMBIGUOUS_NAME}: another conversation is listed under this name`;
    assert.equal(queuesRead(failed(refusal), { ...row, listingName: 'nora_r' }), true);
    assert.equal(queuesRead(failed(refusal), { ...row, listingName: null }), false, 'not shown is not another name');
    assert.equal(queuesRead(failed(refusal), { ...row, preview: 'stop' }), true, 'or it shows something new');
  });
});
