import { z } from 'zod';

/**
 * The provenance kept with each learned value (contacts.learned_fields): a leaf, so the contact
 * type (types.ts) and the rules that write it (learned-updates.ts) share one shape without a cycle.
 */

export const LEARNED_PROVENANCE_SCHEMA = z.object({
  /** The value learned, as stored in the field (for fit_signals one signal). */
  value: z.string(),
  /** The sentence of the message that taught it, as written. */
  sentence: z.string(),
  messageId: z.string(),
  /** When it was learned (ISO 8601): a newer learned value replaces an older one. */
  learnedAt: z.string(),
  /** The pattern that matched ("I'm building …"): the explanation shown with it. */
  pattern: z.string(),
});
export type LearnedProvenance = z.infer<typeof LEARNED_PROVENANCE_SCHEMA>;

/** contacts.learned_fields: per learned field its provenance; fit_signals one per learned signal. */
export const LEARNED_FIELDS_SCHEMA = z.object({
  what_theyre_building: LEARNED_PROVENANCE_SCHEMA.optional(),
  current_friction: LEARNED_PROVENANCE_SCHEMA.optional(),
  their_definition_of_win: LEARNED_PROVENANCE_SCHEMA.optional(),
  fit_signals: z.array(LEARNED_PROVENANCE_SCHEMA).optional(),
});
export type LearnedFields = z.infer<typeof LEARNED_FIELDS_SCHEMA>;
