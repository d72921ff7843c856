import { z } from '@hono/zod-openapi';
import { MAX_FOLLOW_UPS } from '../../domain/follow-up-steps';
import { parseAfter } from '../../domain/follow-ups';
import { MAX_DM_LENGTH } from '../../domain/send-rules';

/** A campaign item's follow-up steps on the wire (issue 24 §1): what a caller asks for and what the queue shows. */

const stepText = z.string().max(MAX_DM_LENGTH * 2);

export const FollowUpStepInput = z
  .object({
    after: z
      .string()
      .refine((s) => parseAfter(s) !== null, 'must be like 3d, 12h, 45m or 90s (at most 90d)')
      .openapi({ description: 'How long after the previous step was sent', example: '3d' }),
    text: stepText.optional(),
    template: stepText.optional().openapi({ description: 'Instead of text: a template, as for the first DM' }),
    template_id: z.uuid().optional().openapi({
      description: 'Instead of text: a stored template (/api/templates), its text as it is when the item is queued',
    }),
  })
  .strict()
  .refine((s) => [s.text, s.template, s.template_id].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of text, template and template_id',
    path: ['text'],
  });

export const followUpsField = z.array(FollowUpStepInput).min(1).max(MAX_FOLLOW_UPS).optional().openapi({
  description:
    'Up to three follow-ups (campaign items only): each goes `after` the previous step was sent, unless they wrote to us or opted out since',
});

/** follow_ups only ride on a campaign item: the campaign is their ledger key. */
export const followUpsNeedCampaign = {
  check: (i: { follow_ups?: unknown[]; campaign?: string }) => i.follow_ups === undefined || i.campaign !== undefined,
  message: { message: 'follow_ups need a campaign', path: ['follow_ups'] },
};

export const FollowUpStepView = z.object({
  step: z.number().int(),
  after: z.string(),
  text: z.string().nullable(),
  template: z.string().nullable(),
  template_id: z.string().nullable().openapi({ description: 'The stored template the step was written from' }),
  due_at: z.string().nullable().openapi({ description: 'When it is due, once the step before it was sent' }),
  waiting_for: z.enum(['first_dm', 'timer', 'previous_step', 'stopped']).openapi({
    description:
      'first_dm: the first DM to be sent; timer: its time (it goes then unless they reply or opt out); previous_step: the step before it to be sent; stopped: the first DM did not go out',
  }),
});

export const itemStepFields = {
  step: z.number().int().openapi({ description: '0: a first DM; 1–3: a follow-up step' }),
  parent_item_id: z.string().nullable().openapi({ description: 'The item a follow-up follows up' }),
  follow_ups: z.array(FollowUpStepView).nullable().openapi({ description: "A first DM's planned follow-ups" }),
};
