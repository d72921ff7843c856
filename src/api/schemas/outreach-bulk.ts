import { z } from '@hono/zod-openapi';
import { MAX_DM_LENGTH } from '../../domain/send-rules';
import { OUTREACH_STATUSES } from '../../domain/outreach';
import { MAX_BULK } from '../../app/outreach/queue-bulk';
import { AccountId } from '../account-scope';

/** Approvals you can edit, and bulk decisions: POST /api/outreach/queue/{id}/approve, /api/outreach/approve|reject. */

export const ApproveRequest = z
  .object({
    text: z
      .string()
      .max(MAX_DM_LENGTH * 2)
      .optional()
      .openapi({
        description: `The DM as it should go instead (checked as any DM: placeholders such as {{first_name|there}} rendered for the contact, at most ${MAX_DM_LENGTH} characters, not a text they got within the dedup window)`,
      }),
  })
  .strict()
  .openapi('ApproveRequest');

export const BulkDecisionRequest = z
  .union([
    z
      .object({ ids: z.array(z.uuid()).min(1).max(MAX_BULK), accountId: AccountId.optional() })
      .strict()
      .openapi({ description: `Up to ${MAX_BULK} item ids of the account` }),
    z
      .object({ campaign: z.string().min(1).max(100), accountId: AccountId.optional() })
      .strict()
      .openapi({
        description: `The campaign's items still waiting (the first ${MAX_BULK}; "more" says if others wait)`,
      }),
  ])
  .openapi('BulkDecisionRequest');

export const BulkDecisionResult = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        result: z.enum(['approved', 'rejected', 'not_found', 'not_waiting', 'already_approved']).openapi({
          description:
            'not_found: no such item in the account; not_waiting: it has moved on (sent, cancelled, …); already_approved: approved before',
        }),
        status: z
          .enum(OUTREACH_STATUSES)
          .optional()
          .openapi({ description: 'Its status after the call, when this call did not move it' }),
      }),
    ),
    approved: z.number().int(),
    rejected: z.number().int(),
    more: z.boolean().openapi({ description: `The campaign has more items waiting than one call takes (${MAX_BULK})` }),
  })
  .openapi('BulkDecisionResult');
