import { z } from '@hono/zod-openapi';
import { API_KEY_SCOPES } from '../../domain/api-scopes';

/** API keys: what each may do is src/domain/api-scopes.ts; the key itself is shown once, when issued. */

export const ApiKeyCreate = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .openapi({ description: 'Who or what uses it: it is the name the records give', example: 'assistant' }),
    scope: z
      .enum(API_KEY_SCOPES)
      .openapi({ description: 'read: only GET; write: everything but keys, accounts and webhooks; admin: everything' }),
    expires_at: z.iso
      .datetime({ offset: true })
      .nullable()
      .optional()
      .openapi({ description: 'It stops working then (default: never)' }),
  })
  .strict()
  .openapi('ApiKeyCreate');

export const ApiKeyResource = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(API_KEY_SCOPES),
    prefix: z.string().openapi({ description: 'The first characters of the key, to recognise it by' }),
    created_by: z.string(),
    created_at: z.string(),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    revoked_by: z.string().nullable(),
  })
  .openapi('ApiKey');

export const ApiKeyIdParam = z.object({ id: z.uuid() });

export const WhoAmI = z
  .object({
    name: z.string(),
    scope: z.enum(API_KEY_SCOPES),
    id: z.string().nullable().openapi({ description: 'null: CRM_API_KEY, the bootstrap key' }),
  })
  .openapi('ApiKeyPrincipal');
