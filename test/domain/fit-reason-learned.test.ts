import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AudienceCandidate, MatchReason } from '../../src/domain/audience-terms';
import { fitReason, MAX_REASON_LENGTH } from '../../src/domain/fit-reason';
import { learnFromMessage } from '../../src/domain/learned-facts';
import { planLearnedUpdates, type LearnableContact } from '../../src/domain/learned-updates';

// A match on a field learned from their messages says their words back: "you said you're
// building …". A field typed by hand keeps the old phrasing.

const SOURCE = { messageId: 'm1', learnedAt: '2026-12-01T10:00:00.000Z' };
const empty: LearnableContact = {
  whatTheyreBuilding: null,
  currentFriction: null,
  theirDefinitionOfWin: null,
  fitSignals: [],
};

/** A candidate whose fields were learned from `messages`, in order, as the sync would. */
function learnedFrom(...messages: string[]): AudienceCandidate {
  let contact: LearnableContact = empty;
  for (const [i, text] of messages.entries()) {
    const plan = planLearnedUpdates(contact, learnFromMessage(text), { ...SOURCE, messageId: `m${i}` });
    if (plan) contact = { ...contact, ...plan.patch, learned: plan.learned };
  }
  return {
    id: 'c1',
    username: 'maker',
    displayName: null,
    pipelineStage: 'first_touch',
    relationshipScore: null,
    tags: [],
    optedOut: false,
    recentInbound: messages,
    lastContactedAt: null,
    ...contact,
  };
}
const because = (candidate: AudienceCandidate, source: MatchReason['source'], term: string) =>
  fitReason({ candidate, reasons: [{ source, term, points: 40 }] });

describe('fitReason on learned fields', () => {
  it("cites what they said they're building, struggling with and aiming for", () => {
    const c = learnedFrom(
      'I am building a small app for gyms, still figuring out pricing',
      'My goal is to get my first 100 paying gyms',
    );
    assert.equal(because(c, 'building', 'gyms'), "you said you're building a small app for gyms");
    assert.equal(because(c, 'friction', 'pricing'), "you said you're still figuring out pricing");
    assert.equal(because(c, 'win', 'gyms'), 'you said your goal is to get your first 100 paying gyms');
  });

  it('says a learned fit signal with the fact it came from', () => {
    const c = learnedFrom('My biggest problem is DM automation, I reply to everything by hand');
    assert.deepEqual(c.fitSignals, ['automation']);
    assert.equal(because(c, 'fit_signals', 'automation'), 'you said your biggest problem is DM automation');
  });

  it('says a fact learned in another language in English around their words', () => {
    const c = learnedFrom('Estoy construyendo una app de reservas para peluquerías');
    assert.equal(because(c, 'building', 'app'), "you said you're building una app de reservas para peluquerías");
  });

  it('stays within MAX_REASON_LENGTH, cut at a word', () => {
    const c = learnedFrom(`I'm building ${'a very long product name '.repeat(4)}`);
    const reason = because(c, 'building', 'product');
    assert.ok(reason.startsWith("you said you're building a very long") && reason.length <= MAX_REASON_LENGTH, reason);
  });

  it('uses the old phrasing once a person has edited the field, or for a hand-typed one', () => {
    const c = learnedFrom("I'm building a small app for gyms");
    assert.equal(because({ ...c, whatTheyreBuilding: 'a gym CRM' }, 'building', 'gym'), "you're building a gym CRM");
    assert.equal(because({ ...c, learned: null }, 'building', 'gyms'), "you're building a small app for gyms");
    assert.equal(
      because(
        { ...c, learned: { what_theyre_building: { ...c.learned!.what_theyre_building!, pattern: 'gone …' } } },
        'building',
        'gyms',
      ),
      "you're building a small app for gyms",
    );
  });
});
