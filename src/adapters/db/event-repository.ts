import type { SupabaseClient } from '@supabase/supabase-js';
import { unwrap } from './db-errors';

/** Writes an event to the outbox for events that belong to no row change (e.g. sync.completed). */
export interface EventRepository {
  emit(accountId: string, type: string, entity: { type: string; id: string }, payload: unknown): Promise<string>;
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
      return unwrap<string>(`emit ${type}`, result);
    },
  };
}
