import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepDecision, withPromiseKept, withPromiseMade } from '../../src/domain/promises';
import { DEFAULT_SCORE_WEIGHTS, scoreContact } from '../../src/domain/scoring';
import { carriesContent, valueDelivered } from '../../src/domain/value-delivered';
import { contact, NOW } from './domain-fixtures';

// What a sent DM and a promise do to a contact, before any I/O.

describe('carriesContent: a video, or a link in the text', () => {
  const cases: [string, string | null, string, boolean][] = [
    ['a video named by the item', 'vid_42', 'Thought of you', true],
    ['an https link', null, 'Here it is: https://example.com/guide.pdf', true],
    ['an http link, in capitals', null, 'HTTP://EXAMPLE.COM/x', true],
    ['a www. address', null, 'see www.example.com for the template', true],
    ['a link at the very start', null, 'https://youtu.be/abc', true],
    ['a greeting', null, 'Hey! How is the podcast going?', false],
    ['a scheme with nothing after it', null, 'type https:// then the address', false],
    ['a scheme glued inside a word', null, 'xhttps://nothing', false],
    ['an email address is no resource', null, 'write me at maya@example.com', false],
    ['an empty video id', '', 'no link', false],
  ];
  for (const [name, videoId, text, expected] of cases) {
    it(name, () => {
      assert.equal(carriesContent({ videoId, text }), expected);
      assert.equal(valueDelivered({ videoId, text }), expected ? 1 : 0);
    });
  }
});

describe('promises', () => {
  it('made and kept move one counter each, nothing else', () => {
    const c = contact({ promisesMade: 2, promisesKept: 1, valueDeliveredCount: 3 });
    assert.deepEqual(withPromiseMade(c), { ...c, promisesMade: 3 });
    assert.deepEqual(withPromiseKept(c), { ...c, promisesKept: 2 });
    assert.equal(c.promisesMade, 2, 'the contact given is not changed');
  });

  it('a promise kept before stays kept', () => {
    assert.equal(keepDecision({ keptAt: null }), 'keep');
    assert.equal(keepDecision({ keptAt: '2026-12-01T10:00:00.000Z' }), 'already_kept');
  });

  it('reliability follows them: 50 with nothing promised, 0 made and none kept, 50 half kept, 100 all kept', () => {
    const reliability = (made: number, kept: number) =>
      scoreContact({ contact: contact({ promisesMade: made, promisesKept: kept }), nowMs: NOW }, DEFAULT_SCORE_WEIGHTS)
        .components.reliability;
    let c = contact({});
    assert.equal(reliability(c.promisesMade, c.promisesKept), 50);
    c = withPromiseMade(c);
    assert.equal(reliability(c.promisesMade, c.promisesKept), 0);
    c = withPromiseKept(withPromiseMade(c));
    assert.equal(reliability(c.promisesMade, c.promisesKept), 50);
    c = withPromiseKept(c);
    assert.equal(reliability(c.promisesMade, c.promisesKept), 100);
  });
});
