import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { Attach, Candidate, Evidence, Suspect } from '../../domain/identity-facts';
import { outboxEvent } from '../../domain/events';
import { displayKey } from '../../domain/inbox-identity';
import type { MergeFields, SurvivingFields } from '../../domain/contact-merge';
import type { MergeSideFacts } from '../../domain/merge-rules';
import { PIPELINE_STAGES } from '../../domain/types';
import { LEARNED_FIELDS_SCHEMA } from '../../domain/learned-updates';
import { OUTREACH_STATUSES, type OutreachStatus } from '../../domain/outreach';
import { parseRow, unwrap } from './db-errors';

/**
 * Storage of the identity step: candidates for a listing, handles and thread ids learned,
 * remembered profile lookups, suspected duplicates, and merges (see the crm_identity_* and
 * crm_merge_contacts functions). What comes back is checked with zod here, at the edge.
 */

export interface ListedRow {
  name: string;
  threadId: string | null;
  preview: string | null;
}

/** A side with its contact's fields and when the row last changed (the write refuses if it changed since). */
export type MergeSide = MergeSideFacts & { fields: MergeFields; updatedAt: string };
/** What the merge write did, or why it wrote nothing. */
export type MergeWrite =
  | { merged: true; survivorId: string; absorbedId: string; messages: number; outreachCancelled: number }
  | { merged: false; reason: 'same_contact' | 'not_found' | 'changed' };
export interface MergeWriteInput {
  survivorId: string;
  absorbedId: string;
  evidence: Evidence;
  detail: Record<string, string>;
  by: 'sync' | 'user';
  order: string[];
  /** Message counts, the rows' updated_at and every DM's status as the plan read them: anything else and nothing is written. */
  expected: {
    survivor: number;
    absorbed: number;
    survivorAt: string;
    absorbedAt: string;
    items: { id: string; status: OutreachStatus }[];
  };
  /** The survivor's fields after the merge (contact-merge.ts survivingFields). */
  fields: SurvivingFields;
  cancel: { id: string; error: string; detail: Record<string, string> }[];
}
export interface SuspectPair {
  contactId: string;
  otherId: string;
  reason: string;
  detail: Record<string, string>;
  notedAt: string;
}

export interface IdentityRepository {
  /** Contacts known by these rows' thread ids, handles or names (or the registry's, or `names`), or with one of `previews`. */
  candidates(
    accountId: string,
    rows: ListedRow[],
    registry: Record<string, string>,
    names: string[],
    previews: string[],
  ): Promise<Candidate[]>;
  attach(accountId: string, items: Attach[]): Promise<number>;
  rememberProfiles(
    accountId: string,
    answers: { handle: string; found: boolean; fullName: string | null }[],
  ): Promise<number>;
  noteSuspects(accountId: string, items: Suspect[]): Promise<number>;
  mergeInputs(accountId: string, contactIds: string[]): Promise<MergeSide[]>;
  merge(accountId: string, m: MergeWriteInput): Promise<MergeWrite>;
  suspects(accountId: string, limit: number): Promise<SuspectPair[]>;
  /** The contact an absorbed id was merged into, if it was. */
  survivorOf(accountId: string, contactId: string): Promise<string | null>;
}

const candidateRows = z.array(
  z.object({
    id: z.string(),
    username: z.string().nullable(),
    display_name: z.string().nullable(),
    thread_id: z.string().nullable(),
    thread_ids: z.array(z.string()),
    handles: z.array(z.string()),
    names: z.array(z.string()),
    preview: z.string().nullable(),
    preview_is_outbound: z.boolean().nullable(),
    profile_name: z.string().nullable(),
    profile_checked: z.boolean(),
  }),
);
const text = z.string().nullable();
const mergeFields = z.object({
  username: text,
  display_name: text,
  thread_id: text,
  what_theyre_building: text,
  current_friction: text,
  their_definition_of_win: text,
  notes: text,
  asks_opinion: z.boolean(),
  shares_updates: z.boolean(),
  has_referred_others: z.boolean(),
  fit_signals: z.array(z.string()),
  tags: z.array(z.string()),
  value_delivered_count: z.number().int(),
  promises_kept: z.number().int(),
  promises_made: z.number().int(),
  pipeline_stage: z.enum(PIPELINE_STAGES),
  opted_out: z.boolean(),
  opted_out_at: text,
  opted_out_reason: text,
  opted_out_by: text,
  opted_out_message_id: text,
  opted_in_at: text,
  last_message_at: text,
  learned_fields: LEARNED_FIELDS_SCHEMA,
  last_intent: text,
  last_replied_at: text,
});
const mergeInputRows = z.array(
  z.object({
    contact: mergeFields.extend({ id: z.string(), updated_at: z.string() }),
    messages: z.array(
      z.object({
        id: z.string(),
        position: z.number().int(),
        text: z.string(),
        is_outbound: z.boolean(),
        at: z.string(),
      }),
    ),
    outreach: z.array(
      z.object({
        id: z.string(),
        status: z.enum(OUTREACH_STATUSES),
        username: z.string(),
        text_key: z.string(),
        campaign: z.string().nullable(),
      }),
    ),
  }),
);
const mergeResult = z.union([
  z.object({
    merged: z.literal(true),
    survivorId: z.string(),
    absorbedId: z.string(),
    messages: z.number(),
    outreachCancelled: z.number(),
  }),
  z.object({ merged: z.literal(false), reason: z.enum(['same_contact', 'not_found', 'changed']) }),
]);
const suspectRows = z.array(
  z.object({
    contact_id: z.string(),
    other_id: z.string(),
    reason: z.string(),
    detail: z.record(z.string(), z.string()),
    noted_at: z.string(),
  }),
);

export function createIdentityRepository(db: SupabaseClient): IdentityRepository {
  const rpc = async <S extends z.ZodType>(what: string, fn: string, args: object, schema: S): Promise<z.output<S>> =>
    parseRow(what, schema, unwrap<unknown>(what, await db.rpc(fn, args)));

  return {
    async candidates(accountId, rows, registry, names, previews) {
      const threadIds = [...rows.flatMap((r) => (r.threadId ? [r.threadId] : [])), ...Object.values(registry)];
      const handles = [...rows.map((r) => r.name.trim().toLowerCase()), ...Object.keys(registry)];
      const keys = [...rows.map((r) => displayKey(r.name)), ...names.map(displayKey)].filter(Boolean);
      const found = await rpc(
        'read identity candidates',
        'crm_identity_candidates',
        {
          p_account_id: accountId,
          p_thread_ids: [...new Set(threadIds)],
          p_handles: [...new Set(handles)],
          p_display_keys: [...new Set(keys)],
          p_previews: [...new Set(previews)],
        },
        candidateRows,
      );
      return found.map((r) => ({
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        threadId: r.thread_id,
        aliases: { threadIds: r.thread_ids, handles: r.handles, names: r.names },
        preview: r.preview,
        previewIsOutbound: r.preview_is_outbound,
        profileName: r.profile_name,
        profileChecked: r.profile_checked,
      }));
    },

    async attach(accountId, items) {
      if (items.length === 0) return 0;
      const p_items = items.map((a) => ({
        contact_id: a.contactId,
        username: a.username ?? null,
        thread_id: a.threadId ?? null,
        evidence: a.evidence,
      }));
      return rpc('attach identities', 'crm_attach_identities', { p_account_id: accountId, p_items }, z.number().int());
    },

    async rememberProfiles(accountId, answers) {
      if (answers.length === 0) return 0;
      const p_items = answers.map((a) => ({ handle: a.handle, found: a.found, full_name: a.fullName }));
      return rpc('remember profiles', 'crm_remember_profiles', { p_account_id: accountId, p_items }, z.number().int());
    },

    async noteSuspects(accountId, items) {
      if (items.length === 0) return 0;
      return rpc(
        'note suspected duplicates',
        'crm_note_suspects',
        { p_account_id: accountId, p_items: items },
        z.number().int(),
      );
    },

    async mergeInputs(accountId, contactIds) {
      const rows = await rpc(
        'read contacts to merge',
        'crm_merge_inputs',
        { p_account_id: accountId, p_contact_ids: contactIds },
        mergeInputRows,
      );
      return rows.map(({ contact: { id, updated_at, ...fields }, ...r }) => ({
        contactId: id,
        fields,
        updatedAt: updated_at,
        username: fields.username,
        optedOut: fields.opted_out,
        messages: r.messages.map((m) => ({
          id: m.id,
          position: m.position,
          text: m.text,
          isOutbound: m.is_outbound,
          at: Date.parse(m.at),
        })),
        items: r.outreach.map((o) => ({
          id: o.id,
          status: o.status,
          username: o.username,
          textKey: o.text_key,
          campaign: o.campaign,
        })),
      }));
    },

    async merge(accountId, m) {
      const evidence = { kind: m.evidence, ...m.detail };
      const { survivor, absorbed, survivorAt, absorbedAt, items } = m.expected;
      const event = outboxEvent('contact.merged', m.survivorId, {
        survivorId: m.survivorId,
        absorbedId: m.absorbedId,
        evidence,
        mergedBy: m.by,
      });
      return rpc(
        'merge contacts',
        'crm_merge_contacts',
        {
          p_account_id: accountId,
          p_survivor: m.survivorId,
          p_absorbed: m.absorbedId,
          p_evidence: evidence,
          p_by: m.by,
          p_order: m.order,
          p_cancel: m.cancel,
          p_event: event.payload,
          p_fields: m.fields,
          p_expected: { survivor, absorbed, survivor_at: survivorAt, absorbed_at: absorbedAt, items },
        },
        mergeResult,
      );
    },

    async suspects(accountId, limit) {
      const result = await db
        .from('contact_duplicate_suspects')
        .select('contact_id, other_id, reason, detail, noted_at')
        .eq('account_id', accountId)
        .order('noted_at', { ascending: false })
        .limit(limit);
      const rows = parseRow(
        'list suspected duplicates',
        suspectRows,
        unwrap<unknown>('list suspected duplicates', result),
      );
      return rows.map((r) => ({
        contactId: r.contact_id,
        otherId: r.other_id,
        reason: r.reason,
        detail: r.detail,
        notedAt: r.noted_at,
      }));
    },

    async survivorOf(accountId, contactId) {
      const result = await db
        .from('contact_merges')
        .select('survivor_id')
        .eq('account_id', accountId)
        .eq('absorbed_id', contactId)
        .maybeSingle();
      const row = parseRow(
        'resolve merged contact',
        z.object({ survivor_id: z.string() }).nullable(),
        unwrap<unknown>('resolve merged contact', result),
      );
      return row?.survivor_id ?? null;
    },
  };
}
