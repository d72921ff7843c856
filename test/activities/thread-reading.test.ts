import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaimedThread } from '../../src/adapters/db/inbox-repository';
import { nameToOpen } from '../../src/activities/thread-reading';

const thread = (over: Partial<ClaimedThread>): ClaimedThread =>
  ({ conversationId: 'c', contactId: 'k', listingName: null, listingNameShared: false, username: null, displayName: null, messageCount: 0, tail: [], ...over }) as ClaimedThread;

describe('nameToOpen', () => {
  const cases: [string, Partial<ClaimedThread>, string | null][] = [
    ['the listed name when it is unique', { listingName: 'Maya Creates', username: 'maya.creates' }, 'Maya Creates'],
    ['the handle when two conversations were listed under one name', { listingName: 'Alex Smith', listingNameShared: true, username: 'alex.s' }, 'alex.s'],
    ['nothing when the name is shared and the handle unknown (never read someone else)', { listingName: 'Alex Smith', listingNameShared: true }, null],
    ['the handle of a contact never listed (a one-contact sync)', { username: 'new.person' }, 'new.person'],
    ['the display name as a last resort when nothing was listed', { displayName: 'Only Name' }, 'Only Name'],
  ];
  for (const [label, over, expected] of cases) {
    it(`opens by ${label}`, () => assert.equal(nameToOpen(thread(over)), expected));
  }
});
