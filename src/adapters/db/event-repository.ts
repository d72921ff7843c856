import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { parseRow, unwrap } from './db-errors';

/** Writes events to the outbox: on their own, or with the record of the change they report. */
export interface EventRepository {
  emit(accountId: string, type: string, entity: { type: string; id: string }, payload: unknown): Promise<string>;
  /** The finished sync run and its sync.completed event together; null: this run was already recorded. */
  recordSyncRun(runKey: string, accountId: string, payload: unknown): Promise<string | null>;
  /** An announcement from another system and its event, once per key; a repeat writes nothing. */
  recordIncoming(
    key: string,
    source: string,
    accountId: string,
    type: string,
    entity: { type: string; id: string },
    payload: unknown,
  ): Promise<{ duplicate: boolean; eventId: string | null }>;
}

export function createEventRepository(db: SupabaseClient): EventRepository {
  return {
    async emit(accountId, type, entity, payload) {
      const result = await db.rpc('crm_emit_event', {
        p_account_id: accountId,
        p_type: type,
        p_entity_type: entity.type,
        p_entity_id: entity.id,
        p_payload: payload,
      });
      return parseRow(`emit ${type}`, z.string(), unwrap<unknown>(`emit ${type}`, result));
    },
    async recordSyncRun(runKey, accountId, payload) {
      const result = await db.rpc('crm_record_sync_run', {
        p_run_key: runKey,
        p_account_id: accountId,
        p_payload: payload,
      });
      return parseRow('record the sync run', z.string().nullable(), unwrap<unknown>('record the sync run', result));
    },
    async recordIncoming(key, source, accountId, type, entity, payload) {
      const result = await db.rpc('crm_record_incoming', {
        // Stored per account: each account's announcement of a video is news to that account (its
        // own event and run); only a repeat to the same account is a duplicate.
        p_key: `${accountId}:${key}`,
        p_source: source,
        p_account_id: accountId,
        p_type: type,
        p_entity_type: entity.type,
        p_entity_id: entity.id,
        p_payload: payload,
      });
      const r = parseRow(
        'record an announcement',
        z.object({ duplicate: z.boolean(), event_id: z.string().nullable() }),
        unwrap<unknown>('record an announcement', result),
      );
      return { duplicate: r.duplicate, eventId: r.event_id };
    },
  };
}
