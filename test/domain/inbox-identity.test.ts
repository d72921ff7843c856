import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  displayKey,
  looksLikeHandle,
  resolveListing,
  type KnownContact,
  type ListingRow,
  type Resolution,
} from '../../src/domain/inbox-identity';

const known = (
  id: string,
  username: string | null,
  displayName: string | null,
  threadId: string | null = null,
): KnownContact => ({ id, username, displayName, threadId });
const row = (name: string, threadId: string | null = null): ListingRow => ({ name, threadId });
const existing = (contactId: string, learned: { threadId?: string; displayName?: string } = {}): Resolution => ({
  kind: 'existing',
  contactId,
  learned,
});
const fresh = (
  username: string | null,
  displayName: string | null,
  threadId: string | null = null,
  ambiguous = false,
): Resolution => ({ kind: 'new', username, displayName, threadId, ...(ambiguous ? { ambiguous: true as const } : {}) });

describe('looksLikeHandle', () => {
  const cases: [string, boolean][] = [
    ['maya.creates', true],
    ['maya_creates99', true],
    ['maya', true], // limit: a one-word lower-case display name reads as a handle
    ['  maya  ', true],
    ['a'.repeat(30), true],
    ['a'.repeat(31), false],
    ['Maya Creates', false],
    ['Maya', false],
    ['maya creates', false],
    ['maya🌸', false],
    ['josé', false],
    ['@maya', false],
    ['', false],
  ];
  for (const [name, expected] of cases)
    it(`${JSON.stringify(name)} → ${expected}`, () => assert.equal(looksLikeHandle(name), expected));
});

describe('displayKey', () => {
  it('ignores case, edge and doubled whitespace', () =>
    assert.equal(displayKey('  Maya \u00a0 Creates '), 'maya creates'));
});

interface Case {
  name: string;
  known: KnownContact[];
  rows: ListingRow[];
  expected: Resolution[];
}

const maya = known('c-maya', 'maya.creates', 'Maya Creates', 'T1');
const alexK = known('c-alex-k', 'alex.k', 'Alex');
const alexM = known('c-alex-m', 'alex.m', 'Alex');

const cases: Case[] = [
  { name: 'thread id match', known: [maya], rows: [row('Maya Creates', 'T1')], expected: [existing('c-maya')] },
  {
    name: 'thread id match learns a changed display name',
    known: [maya],
    rows: [row('Maya 🌸 Creates', 'T1')],
    expected: [existing('c-maya', { displayName: 'Maya 🌸 Creates' })],
  },
  {
    name: 'thread id wins over a handle',
    known: [maya, known('c-sam', 'sam', null)],
    rows: [row('sam', 'T1')],
    expected: [existing('c-maya')],
  },
  {
    name: 'handle match, case-insensitive against stored handles',
    known: [known('c-1', 'Maya.Creates', null), known('c-2', '@sam_k', null)],
    rows: [row('maya.creates'), row('sam_k')],
    expected: [existing('c-1'), existing('c-2')],
  },
  {
    name: 'handle match learns a first thread id',
    known: [known('c-1', 'maya.creates', null)],
    rows: [row('maya.creates', 'T9')],
    expected: [existing('c-1', { threadId: 'T9' })],
  },
  {
    name: 'a handle-like name in another conversation is a display name, not that contact',
    known: [known('c-1', 'maya', 'Maya Creates', 'T1')],
    rows: [row('maya', 'T2')],
    expected: [fresh(null, 'maya', 'T2')],
  },
  {
    name: 'unique display name match, case and spacing ignored',
    known: [maya],
    rows: [row('maya  creates ')],
    expected: [existing('c-maya')],
  },
  {
    name: 'unique display name match learns the thread id',
    known: [known('c-1', 'maya.creates', 'Maya Creates')],
    rows: [row('Maya Creates', 'T5')],
    expected: [existing('c-1', { threadId: 'T5' })],
  },
  {
    name: 'same display name, another conversation: a new contact',
    known: [maya],
    rows: [row('Maya Creates', 'T2')],
    expected: [fresh(null, 'Maya Creates', 'T2')],
  },
  {
    name: 'ambiguous display name: new, marked ambiguous',
    known: [alexK, alexM],
    rows: [row('Alex')],
    expected: [fresh(null, 'Alex', null, true)],
  },
  {
    name: 'ambiguous display name with a thread id: new, identified by the thread id',
    known: [alexK, alexM],
    rows: [row('Alex', 'T7')],
    expected: [fresh(null, 'Alex', 'T7')],
  },
  {
    name: 'two rows of an ambiguous name stay two (neither can be told apart)',
    known: [alexK, alexM],
    rows: [row('Alex'), row('Alex')],
    expected: [fresh(null, 'Alex', null, true), fresh(null, 'Alex', null, true)],
  },
  {
    name: 'handle-like new name → username; display-like → displayName',
    known: [],
    rows: [row('new.person'), row('New Person'), row('Maya')],
    expected: [fresh('new.person', null), fresh(null, 'New Person'), fresh(null, 'Maya')],
  },
  {
    name: 'a lower-case one-word display name still finds its contact',
    known: [known('c-1', 'maya.creates', 'maya')],
    rows: [row('maya')],
    expected: [existing('c-1')],
  },
  {
    name: 'a known handle wins over another contact with that display name',
    known: [known('c-a', 'alex', 'Alex K'), known('c-b', 'alex.b', 'alex')],
    rows: [row('alex')],
    expected: [existing('c-a')],
  },
  {
    name: 'a display-name row whose thread id a later handle row teaches',
    known: [known('c-1', 'maya.creates', null)],
    rows: [row('Maya Creates', 'T4'), row('maya.creates', 'T4')],
    expected: [
      existing('c-1', { threadId: 'T4', displayName: 'Maya Creates' }),
      existing('c-1', { threadId: 'T4', displayName: 'Maya Creates' }),
    ],
  },
  {
    name: 'a thread id taught in this listing beats another contact with that display name',
    known: [known('c-1', 'maya.creates', null), known('c-2', 'maya.c', 'Maya Creates')],
    rows: [row('Maya Creates', 'T4'), row('maya.creates', 'T4')],
    expected: [
      existing('c-1', { threadId: 'T4', displayName: 'Maya Creates' }),
      existing('c-1', { threadId: 'T4', displayName: 'Maya Creates' }),
    ],
  },
  {
    name: "HEAD's empty thread id is no thread id",
    known: [known('c-1', 'maya.creates', 'Maya Creates')],
    rows: [row('Maya Creates', '')],
    expected: [existing('c-1')],
  },
  {
    name: 'a blank name without a thread id cannot be identified',
    known: [],
    rows: [row('   ')],
    expected: [fresh(null, null, null, true)],
  },
];

describe('resolveListing', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(resolveListing(c.rows, c.known), c.expected));

  const shared: { name: string; known: KnownContact[]; rows: ListingRow[]; expected: Resolution }[] = [
    {
      name: 'the same new handle twice',
      known: [],
      rows: [row('new.person'), row('new.person')],
      expected: fresh('new.person', null),
    },
    {
      name: 'display name and handle rows of one new thread',
      known: [],
      rows: [row('New Person', 'T8'), row('new.person', 'T8')],
      expected: fresh('new.person', 'New Person', 'T8'),
    },
    {
      name: 'the same new display name twice',
      known: [],
      rows: [row('New Person'), row(' new person')],
      expected: fresh(null, 'New Person'),
    },
    {
      name: 'a new display name, then the same name with a thread id',
      known: [],
      rows: [row('New Person'), row('New Person', 'T8')],
      expected: fresh(null, 'New Person', 'T8'),
    },
    {
      name: 'a known contact listed twice (thread row and name row)',
      known: [maya],
      rows: [row('Maya Creates', 'T1'), row('Maya Creates')],
      expected: existing('c-maya'),
    },
  ];
  for (const c of shared) {
    it(`one resolution for two rows: ${c.name}`, () => {
      const [first, second] = resolveListing(c.rows, c.known);
      assert.equal(first, second, 'the very same object, so the caller creates or updates once');
      assert.deepEqual(first, c.expected);
    });
  }

  it('two threads with the same new display name are two people', () => {
    const [first, second] = resolveListing([row('Alex', 'T1'), row('Alex', 'T2')], []);
    assert.notEqual(first, second);
    assert.deepEqual([first, second], [fresh(null, 'Alex', 'T1'), fresh(null, 'Alex', 'T2')]);
  });

  it('resolves 20,000 rows against 20,000 known contacts through maps, not scans', () => {
    const many = Array.from({ length: 20_000 }, (_, n) => known(`c${n}`, `user${n}`, `User ${n}`, `T${n}`));
    const rows = Array.from({ length: 20_000 }, (_, n) => (n % 2 ? row(`User ${n}`) : row(`user${n}`, `T${n}`)));
    const out = resolveListing(rows, many);
    assert.deepEqual(out[7], existing('c7'));
    assert.equal(out.filter((r) => r.kind === 'existing').length, 20_000);
  });
});

/**
 * The later server shows a display name, and anyone can set theirs to someone else's handle: a known
 * handle on a row is that contact only with its thread id, or with nothing against it (weak).
 */
describe('resolveListing when a name may be a display name (HEAD)', () => {
  const head = (rows: ListingRow[], knownContacts: KnownContact[]) =>
    resolveListing(rows, knownContacts, { namesMayBeDisplayNames: true });
  const heldFor = (id: string, name: string, threadId: string | null = null): Resolution => ({
    kind: 'new',
    username: null,
    displayName: name,
    threadId,
    ambiguous: true,
    mayBe: id,
  });
  const ana = known('c-ana', 'ana.x', 'Ana X', 'T1');
  const cases: Case[] = [
    {
      name: "the handle with the contact's own thread id",
      known: [ana],
      rows: [row('ana.x', 'T1')],
      expected: [existing('c-ana')],
    },
    {
      name: 'the handle alone, nothing against it, thread id known: the contact, learning nothing',
      known: [ana],
      rows: [row('ana.x')],
      expected: [existing('c-ana')],
    },
    {
      name: 'the handle with another thread id: someone whose display name it is, a new contact',
      known: [ana],
      rows: [row('ana.x', 'T9')],
      expected: [fresh(null, 'ana.x', 'T9')],
    },
    {
      name: 'the handle alone while the contact is another row: held back',
      known: [ana],
      rows: [row('Ana X', 'T1'), row('ana.x')],
      expected: [existing('c-ana'), heldFor('c-ana', 'ana.x')],
    },
    {
      name: 'the handle alone on two rows: both held back',
      known: [ana],
      rows: [row('ana.x'), row('ana.x')],
      expected: [heldFor('c-ana', 'ana.x'), heldFor('c-ana', 'ana.x')],
    },
    {
      name: 'the handle alone, someone else already known by it as a name: held back',
      known: [ana, known('c-s', null, 'ana.x', 'T9')],
      rows: [row('ana.x')],
      expected: [heldFor('c-ana', 'ana.x')],
    },
    {
      name: 'the handle of a contact whose thread id is unknown: held back, with or without a thread id (never taught)',
      known: [known('c-1', 'maya.creates', null)],
      rows: [row('maya.creates', 'T9'), row('maya.creates')],
      expected: [heldFor('c-1', 'maya.creates', 'T9'), heldFor('c-1', 'maya.creates')],
    },
    {
      name: 'the handle with a new thread id while the contact is another row: a new contact',
      known: [known('c-1', 'maya.creates', 'Maya Creates')],
      rows: [row('Maya Creates'), row('maya.creates', 'T9')],
      expected: [existing('c-1'), fresh(null, 'maya.creates', 'T9')],
    },
    {
      name: 'a name that is a known handle is never matched as a display name',
      known: [known('c-a', 'alex', 'Alex K', 'T1'), known('c-b', 'alex.b', 'alex')],
      rows: [row('alex', 'T5')],
      expected: [fresh(null, 'alex', 'T5')],
    },
    {
      name: 'a new handle is still a new contact with that handle',
      known: [ana],
      rows: [row('new.person', 'T3')],
      expected: [fresh('new.person', null, 'T3')],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(head(c.rows, c.known), c.expected));

  it('a row other evidence placed is that contact', () => {
    const out = resolveListing([row('maya.creates')], [known('c-1', 'maya.creates', null)], {
      namesMayBeDisplayNames: true,
      identified: new Map([[0, 'c-1']]),
    });
    assert.deepEqual(out, [existing('c-1')]);
  });
});
