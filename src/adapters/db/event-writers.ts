import { onlyReads, rpcName } from './deadlines';

/**
 * The database functions that write but never add an outbox event, neither themselves nor through
 * a function or trigger they reach (checked against the migrations by
 * test/adapters/db/event-writers.test.ts). A sync claims each batch and runs the keyword check
 * after it; each call woke the webhook dispatcher for nothing, a signal and a dispatcher step.
 */
export const EVENTLESS_WRITES: ReadonlySet<string> = new Set([
  'crm_claim_threads',
  'crm_keyword_check_needed',
  'crm_note_suspects',
  'crm_unchecked_messages',
]);

/** A request after which the outbox may hold new events: not a read, nor a call of EVENTLESS_WRITES. */
export function mayAddEvents(url: string, method: string): boolean {
  if (onlyReads(url, method)) return false;
  const fn = rpcName(url);
  return fn === undefined || !EVENTLESS_WRITES.has(fn);
}
