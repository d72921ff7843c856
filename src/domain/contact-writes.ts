import { contactCreated, contactUpdated } from './contact-events';
import { correctLearned, type LearnedFields } from './learned-updates';
import type { OutboxEvent } from './events';
import type { ContactWriteStatus } from './contact-fields';
import { PIPELINE_STAGES, type PipelineStage } from './types';

/**
 * What creating or updating contacts writes, decided from the contacts as stored: an item with an
 * `id` updates that contact or is `not_found`; one with a `username` creates it or updates it.
 * Only the given fields are written, and only those that differ; each item that creates or changes
 * a contact makes its event; a field learned from their messages that is given becomes a typed
 * value (its learned source dropped). Items are taken in order, so one contact given twice is created, then
 * updated. The write then refuses if a contact changed (or one to create appeared) since it was read.
 */

export const WRITABLE = [
  'display_name',
  'thread_id',
  'pipeline_stage',
  'what_theyre_building',
  'current_friction',
  'their_definition_of_win',
  'asks_opinion',
  'shares_updates',
  'has_referred_others',
  'fit_signals',
  'tags',
  'notes',
] as const;

export type StoredContact = Record<(typeof WRITABLE)[number], unknown> & {
  id: string;
  username: string | null;
  display_name: string | null;
  pipeline_stage: PipelineStage;
  relationship_score: number | null;
  tags: string[];
  updated_at: string;
  /** The fields learned from their messages (Contact.learnedFields); one given here becomes a typed value. */
  learned_fields?: LearnedFields;
};
export type ContactItem = { id?: string; username?: string } & Record<string, unknown>;

export interface ContactWritePlan {
  results: { id: string; username: string | null; status: ContactWriteStatus | 'not_found' }[];
  /** New contacts: their id and handle, then their fields as an update. */
  creates: { id: string; username: string; fields: Record<string, unknown> }[];
  updates: { id: string; expected_at: string; fields: Record<string, unknown> }[];
  events: OutboxEvent[];
}

/** A new contact's columns, as the table's defaults make them. */
const NEW_CONTACT = {
  display_name: null,
  thread_id: null,
  pipeline_stage: PIPELINE_STAGES[0],
  what_theyre_building: null,
  current_friction: null,
  their_definition_of_win: null,
  asks_opinion: false,
  shares_updates: false,
  has_referred_others: false,
  fit_signals: [] as string[],
  tags: [] as string[],
  notes: null,
  relationship_score: null,
};
const summary = (r: StoredContact) => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  pipelineStage: r.pipeline_stage,
  relationshipScore: r.relationship_score,
  tags: r.tags,
});
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const LEARNED_KEYS = {
  what_theyre_building: 'whatTheyreBuilding',
  current_friction: 'currentFriction',
  their_definition_of_win: 'theirDefinitionOfWin',
  fit_signals: 'fitSignals',
} as const;
const LEARNED_COLUMNS = Object.keys(LEARNED_KEYS) as (keyof typeof LEARNED_KEYS)[];
/** The learnable fields an item gives, as correctLearned reads an edit. */
const learnedEdit = (item: ContactItem) =>
  Object.fromEntries(LEARNED_COLUMNS.filter((k) => k in item).map((k) => [LEARNED_KEYS[k], item[k]])) as Parameters<
    typeof correctLearned
  >[1];

export function planContactWrites(
  items: readonly ContactItem[],
  stored: readonly StoredContact[],
  newId: () => string,
): ContactWritePlan {
  const rows = new Map(stored.map((s) => [s.id, { row: s, created: false, changed: {} }]));
  const byName = new Map(stored.flatMap((s) => (s.username ? [[s.username, s.id] as const] : [])));
  const plan: ContactWritePlan = { results: [], creates: [], updates: [], events: [] };
  for (const item of items) {
    const username = item.username?.toLowerCase();
    let entry = rows.get(item.id ?? byName.get(username ?? '') ?? '');
    if (!entry && item.id) {
      plan.results.push({ id: item.id, username: null, status: 'not_found' });
      continue;
    }
    const creating = !entry;
    if (!entry) {
      const id = newId();
      entry = { row: { ...NEW_CONTACT, id, username: username!, updated_at: '' }, created: true, changed: {} };
      rows.set(id, entry);
      byName.set(username!, id);
    }
    // A learned field given by hand or by an import is theirs from now on, even at the same value.
    const learned = entry.row.learned_fields ?? {};
    const kept = correctLearned(learned, learnedEdit(item));
    const typed: string[] = LEARNED_COLUMNS.filter((k) => !same(learned[k], kept[k]));
    const given = WRITABLE.filter((k) => k in item && (!same(item[k], entry.row[k]) || typed.includes(k)));
    const changes = Object.fromEntries(given.map((k) => [k, item[k]]));
    entry.row = { ...entry.row, ...changes };
    Object.assign(entry.changed, changes);
    if (typed.length) {
      entry.row.learned_fields = kept;
      Object.assign(entry.changed, { learned_fields: kept });
    }
    const status = creating ? 'created' : Object.keys(changes).length ? 'updated' : 'unchanged';
    if (status === 'created') plan.events.push(contactCreated(summary(entry.row)));
    if (status === 'updated') plan.events.push(contactUpdated(summary(entry.row), changes));
    plan.results.push({ id: entry.row.id, username: entry.row.username, status });
  }
  for (const { row, created, changed } of rows.values()) {
    if (created) plan.creates.push({ id: row.id, username: row.username!, fields: changed });
    else if (Object.keys(changed).length)
      plan.updates.push({ id: row.id, expected_at: row.updated_at, fields: changed });
  }
  return plan;
}
