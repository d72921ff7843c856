import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { idChunks, IDS_PER_URL } from '../../../src/adapters/db/id-chunks';

describe('ids cut into requests', () => {
  it('keeps every id once, in order, at most IDS_PER_URL a request', () => {
    const ids = Array.from({ length: 2 * IDS_PER_URL + 1 }, (_, i) => `id-${i}`);
    const chunks = idChunks(ids);
    assert.deepEqual(
      chunks.map((c) => c.length),
      [IDS_PER_URL, IDS_PER_URL, 1],
    );
    assert.deepEqual(chunks.flat(), ids);
  });

  it('no request for no ids, and one for exactly a full chunk', () => {
    assert.deepEqual(idChunks([]), []);
    assert.deepEqual(idChunks(['a', 'b', 'c'], 3), [['a', 'b', 'c']]);
  });
});
