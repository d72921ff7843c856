import { z } from 'zod';
import type { OptOutChange } from '../../domain/opt-out-changes';
import { OUTREACH_TRANSITIONS } from '../../domain/outreach-transitions';

/** An opt-out change as crm_set_opt_out (and crm_apply_thread_reads) take it, and what they answer. */

/** An opt-out cancels their waiting DMs: the statuses of the state machine's cancel, from its one table. */
export const pendingStatuses = () => [...OUTREACH_TRANSITIONS.cancel.from];

export function optOutRow(c: OptOutChange) {
  return {
    contact_id: c.contactId,
    opted_out: c.optedOut,
    at: c.at,
    reason: c.reason,
    message_id: c.messageId,
    by: c.by,
    note: c.note,
    detail: c.detail,
    event: c.event,
    cancel_to: OUTREACH_TRANSITIONS.cancel.to,
  };
}

export const optOutResultsSchema = z.array(
  z.object({
    contact_id: z.string(),
    found: z.boolean(),
    changed: z.boolean(),
    cancelled: z.array(z.string()),
  }),
);

export interface OptOutResult {
  contactId: string;
  found: boolean;
  /** False when the contact already was in that state: nothing recorded, no event. */
  changed: boolean;
  /** The DMs cancelled with it. */
  cancelled: string[];
}

export const toOptOutResult = (r: z.infer<typeof optOutResultsSchema>[number]): OptOutResult => ({
  contactId: r.contact_id,
  found: r.found,
  changed: r.changed,
  cancelled: r.cancelled,
});
