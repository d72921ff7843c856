import { normalizeUsername, type ContactFields } from './contact-fields';
import type { ReadMessage } from './thread-merge';
import { MESSAGE_TYPES, PIPELINE_STAGES, type MessageType, type PipelineStage } from './types';

/**
 * Rows of the original crm-server (data-model.md §5.1) as this CRM takes them over. Only what the
 * original actually knew is carried: a NULL, a default (stage first_touch, a false flag, an empty
 * list) is left out, so an import never blanks what this CRM learned itself, and importing twice
 * writes nothing the second time. Scores are not copied: the original gave every contact 50; ours
 * are computed from the imported fields and messages by the same formula as every other score.
 */

export interface OriginalContact {
  id: string;
  instagram_username: string;
  display_name?: string | null;
  relationship_score?: number | null;
  pipeline_stage?: string | null;
  what_theyre_building?: string | null;
  current_friction?: string | null;
  their_definition_of_win?: string | null;
  asks_opinion?: boolean | null;
  shares_updates?: boolean | null;
  has_referred_others?: boolean | null;
  fit_signals: string[];
  tags: string[];
  notes?: string | null;
}

export interface OriginalMessage {
  id: string;
  contactId: string | null;
  text: string | null;
  messageType: string | null;
  isOutbound: boolean | null;
  sentAt: string | null;
}

export type ImportSkip = 'invalid_username' | 'duplicate_username' | 'empty_message';

const HANDLE = /^[a-z0-9._]{1,30}$/;
const text = (v: string | null | undefined) => (v?.trim() ? v.trim() : undefined);
const list = (v: string[]) => {
  const kept = [...new Set(v.map((s) => s.trim()).filter((s) => s !== '' && s.length <= 100))].slice(0, 50);
  return kept.length ? kept : undefined;
};

export function contactFieldsOf(
  c: OriginalContact,
): { ok: true; fields: ContactFields } | { ok: false; reason: ImportSkip } {
  const username = normalizeUsername(c.instagram_username);
  if (!HANDLE.test(username)) return { ok: false, reason: 'invalid_username' };
  const stage =
    PIPELINE_STAGES.includes(c.pipeline_stage as PipelineStage) && c.pipeline_stage !== 'first_touch'
      ? (c.pipeline_stage as PipelineStage)
      : undefined;
  // Undefined means "not given": the upsert leaves that column as it is.
  const fields: ContactFields = {
    username,
    displayName: text(c.display_name)?.slice(0, 200),
    pipelineStage: stage,
    whatTheyreBuilding: text(c.what_theyre_building)?.slice(0, 2000),
    currentFriction: text(c.current_friction)?.slice(0, 2000),
    theirDefinitionOfWin: text(c.their_definition_of_win)?.slice(0, 2000),
    asksOpinion: c.asks_opinion === true ? true : undefined,
    sharesUpdates: c.shares_updates === true ? true : undefined,
    hasReferredOthers: c.has_referred_others === true ? true : undefined,
    fitSignals: list(c.fit_signals),
    tags: list(c.tags),
    notes: text(c.notes)?.slice(0, 10_000),
  };
  return { ok: true, fields };
}

/** One contact's messages as a read of their thread (oldest first), for the same merge a sync uses. */
export function threadOf(messages: readonly OriginalMessage[]): { read: ReadMessage[]; empty: number } {
  const read: ReadMessage[] = [];
  let empty = 0;
  for (const m of messages) {
    if (!m.text?.trim()) {
      empty += 1;
      continue;
    }
    const messageType = MESSAGE_TYPES.includes(m.messageType as MessageType) ? (m.messageType as MessageType) : 'text';
    // is_outbound defaulted to false in the original: a NULL there was written as "theirs".
    read.push({ text: m.text, isOutbound: m.isOutbound === true, messageType, sentAt: m.sentAt });
  }
  return { read, empty };
}
