import type { LearnedFact } from '../../domain/learned-facts';
import { planLearnedUpdates, type LearnableContact } from '../../domain/learned-updates';
import type { ContactRow } from '../../adapters/db/contact-rows';
import type { LearnedWrite } from '../../adapters/db/inbox-types';

/**
 * What a thread's new messages teach about its contact (src/domain/learned-updates.ts decides,
 * message by message, oldest first), as writes guarded by what the claim read: each changed field
 * with its value as read and whether it was learned then, so the write skips it if a person
 * edited it meanwhile.
 */

export interface TaughtBy {
  messageId: string;
  /** When it was learned: the message's time when Instagram showed one, else when the sync saw it. */
  learnedAt: string;
  facts: LearnedFact[];
}

const COLUMNS = {
  whatTheyreBuilding: 'what_theyre_building',
  currentFriction: 'current_friction',
  theirDefinitionOfWin: 'their_definition_of_win',
  fitSignals: 'fit_signals',
} as const;
type Key = keyof typeof COLUMNS;

/** The writes for one contact; none when nothing changes. */
export function learnedWrites(row: ContactRow, taught: TaughtBy[]): Record<string, LearnedWrite> {
  let contact: LearnableContact = {
    whatTheyreBuilding: row.what_theyre_building,
    currentFriction: row.current_friction,
    theirDefinitionOfWin: row.their_definition_of_win,
    fitSignals: row.fit_signals,
    learned: row.learned_fields,
  };
  const changed = new Set<Key>();
  for (const { messageId, learnedAt, facts } of taught) {
    if (facts.length === 0) continue;
    const plan = planLearnedUpdates(contact, facts, { messageId, learnedAt });
    if (!plan) continue;
    contact = { ...contact, ...plan.patch, learned: plan.learned };
    for (const key of Object.keys(plan.patch) as Key[]) changed.add(key);
  }
  return Object.fromEntries(
    [...changed].map((key) => {
      const field = COLUMNS[key];
      const write: LearnedWrite = {
        value: contact[key]!,
        expected: row[field],
        wasLearned: field in row.learned_fields,
        source: contact.learned?.[field],
      };
      return [field, write];
    }),
  );
}
