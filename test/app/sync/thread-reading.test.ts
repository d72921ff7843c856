import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaimedThread } from '../../../src/adapters/db/inbox-repository';
import { nameToOpen } from '../../../src/app/sync/thread-reading';

const thread = (over: Partial<ClaimedThread>): ClaimedThread =>
  ({
    conversationId: 'c',
    contactId: 'k',
    listingName: null,
    listingNameShared: false,
    username: null,
    displayName: null,
    messageCount: 0,
    tail: [],
    ...over,
  }) as ClaimedThread;

describe('nameToOpen', () => {
  const cases: [string, Partial<ClaimedThread>, string | null][] = [
    ['the listed name when it is unique', { listingName: 'Maya Creates', username: 'maya.creates' }, 'Maya Creates'],
    [
      'the handle when two conversations were listed under one name and its thread id is known (registered first)',
      {
        listingName: 'Alex Smith',
        listingNameShared: true,
        username: 'alex.s',
        contact: { thread_id: 'T1' } as ClaimedThread['contact'],
      },
      'alex.s',
    ],
    [
      'nothing when another conversation is listed under the name and the thread id is unknown: a handle opens whichever row shows it',
      { listingName: 'alex.s', listingNameShared: true, username: 'alex.s' },
      null,
    ],
    [
      'nothing when the name is shared and the handle unknown (never read someone else)',
      { listingName: 'Alex Smith', listingNameShared: true },
      null,
    ],
    ['the handle of a contact never listed (a one-contact sync)', { username: 'new.person' }, 'new.person'],
    [
      'nothing by a display name alone when nothing was listed: no claim checked that another person does not show it',
      { displayName: 'Only Name' },
      null,
    ],
  ];
  for (const [label, over, expected] of cases) {
    it(`opens by ${label}`, () => assert.equal(nameToOpen(thread(over)), expected));
  }
});

describe('readThreads on the later server', () => {
  it('registers a known thread id before opening a thread by its handle, so the server can go straight to it', async () => {
    const { readThreads } = await import('../../../src/app/sync/thread-reading');
    const { clientFor, startSimulator } = await import('../../simulator/sim-fixture');
    const sim = await startSimulator({ flavor: 'head', conversations: 3 });
    try {
      const person = sim.control.threads()[0]!;
      const ghost = thread({ username: 'ghost.person', contact: { thread_id: 'T-ghost' } as ClaimedThread['contact'] });
      const known = thread({
        username: person.username,
        listingName: person.username,
        contact: { thread_id: person.threadId } as ClaimedThread['contact'],
      });
      const byName = thread({
        listingName: person.displayName,
        displayName: person.displayName,
        contact: { thread_id: 'T-by-name' } as ClaimedThread['contact'],
      });
      await readThreads(clientFor(sim.url), [known, byName, ghost], 20, {});
      const registry = sim.control.threadRegistry();
      assert.equal(registry['ghost.person'], 'T-ghost', 'registered although the thread would not open');
      assert.equal(registry[person.username], person.threadId);
      assert.ok(!Object.values(registry).includes('T-by-name'), 'a display name is never registered as a handle');
    } finally {
      await sim.close();
    }
  });
});
