import type { z } from '@hono/zod-openapi';
import type { SyncProgress, ThreadSummary } from '../contracts/sync';
import type { FullSyncResult, MessageSyncResult, SyncResult } from './schemas/sync';

/** The original server's sync answers, computed from a sync workflow's result. */

export function toSyncResult(p: SyncProgress | null, error?: string): z.infer<typeof SyncResult> {
  return {
    contactsFound: p?.conversationsFound ?? 0,
    contactsCreated: p?.contactsCreated ?? 0,
    contactsUpdated: p?.contactsUpdated ?? 0,
    errors: error ? [error] : [],
  };
}

export function toMessageSyncResult(t: ThreadSummary | undefined, error?: string): z.infer<typeof MessageSyncResult> {
  if (error) return { success: false, messagesFound: 0, messagesSaved: 0, error };
  if (!t) return { success: false, messagesFound: 0, messagesSaved: 0, error: 'Could not open conversation' };
  if (t.error) return { success: false, messagesFound: t.found, messagesSaved: t.saved, error: t.error };
  return { success: true, messagesFound: t.found, messagesSaved: t.saved };
}

export function toFullSyncResult(p: SyncProgress | null, error?: string): z.infer<typeof FullSyncResult> {
  return {
    conversations: toSyncResult(p, error),
    messages: (p?.threads ?? []).map((t) => ({ username: t.name, result: toMessageSyncResult(t) })),
    truncated: p?.truncated ?? false,
  };
}
