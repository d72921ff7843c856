import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { learnFromMessage } from '../../src/domain/learned-facts';
import {
  correctLearned,
  LEARNED_FIELDS_SCHEMA,
  planLearnedUpdates,
  type LearnableContact,
  type LearnedFields,
} from '../../src/domain/learned-updates';

const GYMS = 'I am building a small app for gyms, still figuring out pricing';
const SENTENCE = GYMS;
const first = { messageId: 'm1', learnedAt: '2026-12-01T10:00:00.000Z' };
const later = { messageId: 'm2', learnedAt: '2026-12-02T10:00:00.000Z' };
const blank: LearnableContact = {
  whatTheyreBuilding: null,
  currentFriction: '  ',
  theirDefinitionOfWin: null,
  fitSignals: [],
};
const gymsProvenance = (field: 'building' | 'friction' | 'signal') =>
  ({
    building: { value: 'a small app for gyms', pattern: "I'm building …" },
    friction: { value: 'pricing', pattern: 'still figuring out …' },
    signal: { value: 'pricing', pattern: 'still figuring out …' },
  })[field];

describe('planLearnedUpdates', () => {
  it('fills empty fields and keeps where each value came from', () => {
    const plan = planLearnedUpdates(blank, learnFromMessage(GYMS), first);
    assert.deepEqual(plan, {
      patch: { whatTheyreBuilding: 'a small app for gyms', currentFriction: 'pricing', fitSignals: ['pricing'] },
      learned: {
        what_theyre_building: { ...gymsProvenance('building'), sentence: SENTENCE, ...first },
        current_friction: { ...gymsProvenance('friction'), sentence: SENTENCE, ...first },
        fit_signals: [{ ...gymsProvenance('signal'), sentence: SENTENCE, ...first }],
      },
    });
    assert.deepEqual(LEARNED_FIELDS_SCHEMA.parse(plan.learned), plan.learned);
  });

  it('never overwrites a value typed by hand or imported', () => {
    const typed = { ...blank, whatTheyreBuilding: 'Gym software (imported)', currentFriction: 'churn' };
    const plan = planLearnedUpdates(typed, learnFromMessage(GYMS), first);
    assert.deepEqual(plan?.patch, { fitSignals: ['pricing'] });
    assert.equal(plan?.learned.what_theyre_building, undefined);
    assert.equal(plan?.learned.current_friction, undefined);
  });

  it('treats a field whose provenance no longer matches its value as typed by hand', () => {
    const edited: LearnableContact = {
      ...blank,
      whatTheyreBuilding: 'a gym CRM',
      learned: { what_theyre_building: { ...gymsProvenance('building'), sentence: SENTENCE, ...first } },
    };
    assert.equal(planLearnedUpdates(edited, learnFromMessage("I'm building a yoga app"), later), null);
  });

  it('replaces a learned value with a newer learned one, never with an older or the same one', () => {
    const learned = planLearnedUpdates(blank, learnFromMessage(GYMS), first)!;
    const contact: LearnableContact = { ...blank, ...learned.patch, learned: learned.learned };
    const newer = planLearnedUpdates(contact, learnFromMessage("I'm building a yoga app now"), later);
    assert.deepEqual(newer?.patch, { whatTheyreBuilding: 'a yoga app' });
    assert.equal(newer?.learned.what_theyre_building?.messageId, 'm2');
    assert.deepEqual(newer?.learned.current_friction, learned.learned.current_friction);
    const older = { messageId: 'm0', learnedAt: '2026-11-30T10:00:00.000Z' };
    assert.equal(planLearnedUpdates(contact, learnFromMessage("I'm building a yoga app"), older), null);
    assert.equal(planLearnedUpdates(contact, learnFromMessage("I'm building A small app for gyms"), later), null);
  });

  it('only adds fit signals, each once, keeping the ones there', () => {
    const contact = { ...blank, fitSignals: ['Pricing', 'design'] };
    const facts = learnFromMessage('My biggest problem is automating my DMs and pricing');
    const plan = planLearnedUpdates(contact, facts, first);
    assert.deepEqual(plan?.patch.fitSignals, ['Pricing', 'design', 'automation', 'DMs']);
    assert.deepEqual(
      plan?.learned.fit_signals?.map((p) => p.value),
      ['automation', 'DMs'],
    );
  });

  it('plans nothing for a message that teaches nothing', () => {
    assert.equal(planLearnedUpdates(blank, learnFromMessage('lol ok'), first), null);
  });
});

describe('correctLearned', () => {
  const learned: LearnedFields = {
    what_theyre_building: { ...gymsProvenance('building'), sentence: SENTENCE, ...first },
    current_friction: { ...gymsProvenance('friction'), sentence: SENTENCE, ...first },
    fit_signals: [
      { ...gymsProvenance('signal'), sentence: SENTENCE, ...first },
      { value: 'DMs', pattern: 'x', sentence: 's', ...first },
    ],
  };

  it('drops the provenance of each text field the person edited, even to the same words', () => {
    const kept = correctLearned(learned, { whatTheyreBuilding: 'a small app for gyms', theirDefinitionOfWin: 'x' });
    assert.deepEqual(Object.keys(kept).sort(), ['current_friction', 'fit_signals']);
    assert.deepEqual(correctLearned(learned, { currentFriction: null }).current_friction, undefined);
  });

  it('keeps the provenance of learned signals still in an edited list', () => {
    assert.deepEqual(
      correctLearned(learned, { fitSignals: ['pricing', 'sales'] }).fit_signals?.map((p) => p.value),
      ['pricing'],
    );
    assert.equal(correctLearned(learned, { fitSignals: [] }).fit_signals, undefined);
    assert.deepEqual(correctLearned(learned, { tags: ['x'] } as never), learned);
    assert.deepEqual(correctLearned(null, { whatTheyreBuilding: 'x' }), {});
  });
});
