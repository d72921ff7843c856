/**
 * The follow-up steps a campaign's first DM carries (issue 24 §1): at most three, each sent `after`
 * the previous step was sent, with its own text or a stored template. The rules deciding when a
 * step goes live in the follow-up use case; this is only the shape the ledger stores.
 */
export const MAX_FOLLOW_UPS = 3;

export interface FollowUpStep {
  /** As the caller wrote it ("3d"), for display. */
  after: string;
  afterMs: number;
  /** Exactly one of these says what the step sends: literal text, a template text, a stored template. */
  text: string | null;
  template: string | null;
  templateId: string | null;
  /** The stored template's version the step's template text was read from. */
  templateVersion: number | null;
}
