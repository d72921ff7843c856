import { z } from '@hono/zod-openapi';
import { MAX_TEMPLATE_LENGTH } from '../../domain/message-templates';
import { ACTION_LANES } from '../../domain/types';
import { AccountId } from '../account-scope';

/** Stored DM templates as the API takes and shows them (GET/POST /api/templates, GET/PATCH/DELETE /api/templates/{id}). */

const Name = z.string().trim().min(1).max(200);
const Lane = z.enum(ACTION_LANES).openapi({ description: 'The kind of message it suits (the score lanes)' });
const Text = z
  .string()
  .max(MAX_TEMPLATE_LENGTH * 2)
  .openapi({
    description: `At most ${MAX_TEMPLATE_LENGTH} characters: {{first_name}}, {{name}}, {{username}}, {{video_title}}, {{video_url}}, your variables; {{name|fallback}}`,
  });

export const TemplateIdParam = z.object({ id: z.string().min(1).max(64) });

export const TemplateCreate = z
  .object({ name: Name, lane: Lane.nullable().optional(), text: Text, accountId: AccountId.optional() })
  .strict()
  .openapi('TemplateCreate');

export const TemplatePatch = z
  .object({ name: Name.optional(), lane: Lane.nullable().optional(), text: Text.optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' })
  .openapi('TemplatePatch');

export const TemplateResource = z
  .object({
    id: z.string(),
    account_id: z.string(),
    name: z.string(),
    lane: z.enum(ACTION_LANES).nullable(),
    text: z.string(),
    version: z
      .number()
      .int()
      .openapi({ description: 'Raised by every change of text; DMs record the version that wrote them' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('MessageTemplate');
