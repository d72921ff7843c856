import type { LearnedFact } from '../../domain/learned-facts';
import type { LearnedSource } from '../../domain/types';
import type { ContactRow } from '../../adapters/db/contact-rows';
import type { LearnedWrite } from '../../adapters/db/inbox-types';

/**
 * What a thread's new messages teach about its contact, as writes guarded by what the claim read.
 * Until src/domain/learned-updates.ts (planLearnedUpdates) lands, the rule is this file's minimal
 * one: a value typed by hand or imported (a field without a learned source) is never replaced; an
 * empty or learned one takes the newest learned value; fit signals are added.
 */

export interface TaughtBy {
  messageId: string;
  facts: LearnedFact[];
}

type Learnable = 'what_theyre_building' | 'current_friction' | 'their_definition_of_win' | 'fit_signals';

/** The writes for one contact from its new inbound messages, oldest first; none when nothing changes. */
export function learnedWrites(row: ContactRow, taught: TaughtBy[], learnedAt: string): Record<string, LearnedWrite> {
  const writes: Record<string, LearnedWrite> = {};
  const current = (field: Learnable) => (field in writes ? writes[field]!.value : row[field]);
  for (const { messageId, facts } of taught) {
    for (const fact of facts) {
      const field = fact.field;
      const wasLearned = field in row.learned_fields;
      const before = current(field);
      const source = (value: string | string[]): LearnedSource => ({
        value,
        sentence: fact.sentence,
        messageId,
        learnedAt,
        pattern: fact.pattern,
      });
      if (field === 'fit_signals') {
        const signals = before as string[];
        if (signals.includes(fact.value)) continue;
        const value = [...signals, fact.value];
        const learned = [...learnedSignals(row, writes), fact.value];
        writes[field] = { value, expected: row.fit_signals, wasLearned, source: source(learned) };
        continue;
      }
      const hand = row[field] !== null && !wasLearned;
      if (hand || before === fact.value) continue;
      writes[field] = { value: fact.value, expected: row[field], wasLearned, source: source(fact.value) };
    }
  }
  return writes;
}

/** The fit signals learned so far (the source keeps them all, so each can be told from a typed one). */
function learnedSignals(row: ContactRow, writes: Record<string, LearnedWrite>): string[] {
  const pending = writes.fit_signals?.source as LearnedSource | undefined;
  const value = pending?.value ?? row.learned_fields.fit_signals?.value ?? [];
  return Array.isArray(value) ? value : [value];
}
