import { z } from '@hono/zod-openapi';
import { PROMISE_TEXT_MAX } from '../../domain/promises';
import { ContactIdParam, ContactResource } from './contact';

/** Promises made to a contact and kept (POST/GET /api/contacts/{id}/promises). */

export const PromiseInput = z
  .object({
    text: z
      .string()
      .trim()
      .min(1)
      .max(PROMISE_TEXT_MAX)
      .openapi({ description: 'What was promised', example: 'Send the editing checklist' }),
    due: z.iso
      .date()
      .nullable()
      .optional()
      .openapi({ description: 'When it is due (YYYY-MM-DD)', example: '2026-12-11' }),
  })
  .strict()
  .openapi('PromiseInput');

export const PromiseResource = z
  .object({
    id: z.uuid(),
    contact_id: z.uuid(),
    text: z.string(),
    due: z.string().nullable(),
    made_at: z.string(),
    kept_at: z.string().nullable().openapi({ description: 'When it was kept; null while open' }),
  })
  .openapi('ContactPromise');

export const PromiseParams = ContactIdParam.extend({
  pid: z.uuid().openapi({ description: 'The promise id' }),
});

export const PromiseWritten = z
  .object({
    promise: PromiseResource,
    contact: ContactResource.openapi({ description: 'The contact with its counters and score after the write' }),
    changed: z.boolean().openapi({ description: 'False when the promise was already kept: nothing was written' }),
    score_changed: z.boolean().openapi({ description: 'The overall score moved (contact.score_changed was emitted)' }),
  })
  .openapi('PromiseWritten');

export const PromiseList = z
  .object({
    promises: z.array(PromiseResource).openapi({ description: 'Newest first, at most 500' }),
    made: z.number().int().openapi({ description: "The contact's promises_made" }),
    kept: z.number().int().openapi({ description: "The contact's promises_kept" }),
  })
  .openapi('PromiseList');
