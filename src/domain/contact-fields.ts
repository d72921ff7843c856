import type { PipelineStage } from './types';

/**
 * What a person (an import, the API, a sync) may set on a contact. Scores, message totals and
 * timestamps are derived by the CRM and cannot be written this way.
 */
export interface ContactFields {
  username: string;
  displayName?: string | null;
  threadId?: string | null;
  pipelineStage?: PipelineStage;
  whatTheyreBuilding?: string | null;
  currentFriction?: string | null;
  theirDefinitionOfWin?: string | null;
  asksOpinion?: boolean;
  sharesUpdates?: boolean;
  hasReferredOthers?: boolean;
  fitSignals?: string[];
  tags?: string[];
  notes?: string | null;
  optedOut?: boolean;
}

export type ContactWriteStatus = 'created' | 'updated' | 'unchanged';

export interface ContactWriteResult {
  created: number;
  updated: number;
  unchanged: number;
  contacts: { id: string; username: string; status: ContactWriteStatus }[];
}

/** Instagram handles are case-insensitive; we store them lower-cased without a leading @. */
export function normalizeUsername(raw: string): string {
  return raw.trim().replace(/^@/, '').toLowerCase();
}
