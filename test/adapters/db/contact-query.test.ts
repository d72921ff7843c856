import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeCursor,
  defaultOrder,
  encodeCursor,
  literalRegex,
  quoteValue,
  type ContactCursor,
} from '../../../src/adapters/db/contact-query';

// The pure parts of the contact query: cursors and the escaping of values sent to PostgREST.
// (The query itself runs against the real data API in test/api/contacts-list.test.ts.)

const ID = '0b5a5c4e-2f0e-4c59-9a51-5d3c1f0e7a10';

describe('contact cursors', () => {
  const cursors: ContactCursor[] = [
    { sort: 'score', order: 'desc', value: 70, id: ID },
    { sort: 'score', order: 'asc', value: null, id: ID },
    { sort: 'recent', order: 'desc', value: '2026-11-24T08:00:00.123456+00:00', id: ID },
    { sort: 'username', order: 'asc', value: 'dev.ops', id: ID },
    { sort: 'created', order: 'asc', value: '2026-01-05T00:00:00+00:00', id: ID },
  ];
  for (const c of cursors) {
    it(`round-trips ${c.sort} ${c.order} ${JSON.stringify(c.value)} through an opaque base64url string`, () => {
      const raw = encodeCursor(c);
      assert.match(raw, /^[A-Za-z0-9_-]+$/);
      assert.deepEqual(decodeCursor(raw), c);
    });
  }

  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const FORGED: [string, string][] = [
    ['not base64 JSON', 'bm9wZQ'],
    ['an object', b64({ sort: 'score', order: 'desc', value: 1, id: ID })],
    ['an unknown sort', b64(['rank', 'desc', 1, ID])],
    ['an unknown order', b64(['score', 'up', 1, ID])],
    ['an id that is no uuid', b64(['score', 'desc', 1, "x' or 1=1"])],
    ['a text key for the score sort', b64(['score', 'desc', '70', ID])],
    ['a number key for a text sort', b64(['username', 'asc', 7, ID])],
    ['an overlong key', b64(['username', 'asc', 'x'.repeat(201), ID])],
  ];
  for (const [label, raw] of FORGED) {
    it(`rejects ${label}`, () => assert.equal(decodeCursor(raw), null));
  }

  it('defaults to descending except for usernames', () => {
    assert.deepEqual((['score', 'recent', 'username', 'created'] as const).map(defaultOrder), [
      'desc',
      'desc',
      'asc',
      'desc',
    ]);
  });
});

describe('values sent to PostgREST', () => {
  it('quotes logic-tree values so , . ( ) are data and escapes " and \\', () => {
    assert.equal(quoteValue('a,b.c(d)'), '"a,b.c(d)"');
    assert.equal(quoteValue('say "hi"'), '"say \\"hi\\""');
    assert.equal(quoteValue('back\\slash'), '"back\\\\slash"');
    assert.equal(quoteValue(70), '"70"');
  });

  it('escapes every ASCII punctuation character of a search term, and nothing else', () => {
    assert.equal(literalRegex('a.b*c'), 'a\\.b\\*c');
    assert.equal(literalRegex('100%_(x)'), '100\\%\\_\\(x\\)');
    assert.equal(literalRegex('^$[]{}|?+\\'), '\\^\\$\\[\\]\\{\\}\\|\\?\\+\\\\');
    assert.equal(literalRegex('Ana Díaz 42'), 'Ana Díaz 42');
  });
});
