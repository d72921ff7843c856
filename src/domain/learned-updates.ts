import type { LearnedFact } from './learned-facts';
import type { LearnedFields, LearnedProvenance } from './learned-provenance';

/**
 * Which of a contact's fields what they told us may change, and the provenance kept with each
 * learned value (stored as contacts.learned_fields). A value typed by hand or imported — a
 * non-empty field with no learned provenance for that same value — is never overwritten; a learned
 * value gives way to a newer learned one; fit signals are only ever added. A person's edit of a
 * learned field makes it theirs: its provenance goes (`correctLearned`).
 */

export {
  LEARNED_FIELDS_SCHEMA,
  LEARNED_PROVENANCE_SCHEMA,
  type LearnedFields,
  type LearnedProvenance,
} from './learned-provenance';

/** The contact as the plan reads it (domain field names), with what was learned so far. */
export interface LearnableContact {
  whatTheyreBuilding: string | null;
  currentFriction: string | null;
  theirDefinitionOfWin: string | null;
  fitSignals: string[];
  learned?: LearnedFields | null;
}

export interface LearnedSource {
  messageId: string;
  /** ISO 8601; normally the time the message is stored. */
  learnedAt: string;
}

export interface LearnedUpdatePlan {
  /** Only the fields to write, in domain names. */
  patch: Partial<
    Pick<LearnableContact, 'whatTheyreBuilding' | 'currentFriction' | 'theirDefinitionOfWin' | 'fitSignals'>
  >;
  /** The whole new learned_fields value to store with the patch. */
  learned: LearnedFields;
}

type TextKey = 'whatTheyreBuilding' | 'currentFriction' | 'theirDefinitionOfWin';
const TEXT_FIELDS: readonly {
  field: 'what_theyre_building' | 'current_friction' | 'their_definition_of_win';
  key: TextKey;
}[] = [
  { field: 'what_theyre_building', key: 'whatTheyreBuilding' },
  { field: 'current_friction', key: 'currentFriction' },
  { field: 'their_definition_of_win', key: 'theirDefinitionOfWin' },
];

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const time = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
};

/** What to write for one message's facts; null when nothing changes. */
export function planLearnedUpdates(
  contact: LearnableContact,
  facts: readonly LearnedFact[],
  source: LearnedSource,
): LearnedUpdatePlan | null {
  const learned: LearnedFields = { ...(contact.learned ?? {}) };
  const patch: LearnedUpdatePlan['patch'] = {};
  const provenance = (f: LearnedFact): LearnedProvenance => ({
    value: f.value,
    sentence: f.sentence,
    messageId: source.messageId,
    learnedAt: source.learnedAt,
    pattern: f.pattern,
  });
  for (const { field, key } of TEXT_FIELDS) {
    const fact = facts.find((f) => f.field === field);
    if (!fact) continue;
    const current = contact[key]?.trim() ?? '';
    const before = learned[field];
    const wasLearned = before !== undefined && current !== '' && same(before.value, current);
    if (current !== '' && !wasLearned) continue; // typed by hand or imported: theirs
    if (wasLearned && (same(before.value, fact.value) || time(source.learnedAt) < time(before.learnedAt))) continue;
    patch[key] = fact.value;
    learned[field] = provenance(fact);
  }
  const added = facts
    .filter((f) => f.field === 'fit_signals')
    .filter(
      (f, i, all) =>
        !contact.fitSignals.some((s) => same(s, f.value)) && all.findIndex((o) => same(o.value, f.value)) === i,
    );
  if (added.length > 0) {
    patch.fitSignals = [...contact.fitSignals, ...added.map((f) => f.value)];
    learned.fit_signals = [...(learned.fit_signals ?? []), ...added.map(provenance)];
  }
  return Object.keys(patch).length === 0 ? null : { patch, learned };
}

/**
 * The provenance left after a person's edit (the fields of the edit that are present): an edited
 * text field is theirs from now on, so its provenance goes; an edited fit_signals list keeps the
 * provenance of the learned signals still in it.
 */
export function correctLearned(
  learned: LearnedFields | null | undefined,
  edit: Partial<Pick<LearnableContact, TextKey | 'fitSignals'>>,
): LearnedFields {
  const kept: LearnedFields = { ...(learned ?? {}) };
  for (const { field, key } of TEXT_FIELDS) if (edit[key] !== undefined) delete kept[field];
  if (edit.fitSignals !== undefined && kept.fit_signals) {
    const signals = edit.fitSignals;
    const still = kept.fit_signals.filter((p) => signals.some((s) => same(s, p.value)));
    if (still.length > 0) kept.fit_signals = still;
    else delete kept.fit_signals;
  }
  return kept;
}
