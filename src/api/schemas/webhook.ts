import { z } from '@hono/zod-openapi';
import { SUBSCRIBABLE_EVENTS } from '../../domain/events';

/** Webhook endpoints as the API takes and shows them; a secret only ever in WebhookWithSecret. */

const EventName = z
  .enum(['*', ...SUBSCRIBABLE_EVENTS])
  .openapi({ description: "An event type of the catalogue, or '*' for all" });
const Events = z
  .array(EventName)
  .min(1)
  .max(64)
  .transform((e) => [...new Set(e)]);
const Url = z.string().trim().min(1).max(2048).openapi({ example: 'http://your-server/webhook' });

export const WebhookCreate = z
  .object({
    url: Url,
    events: Events,
    secret: z
      .string()
      .min(8)
      .max(256)
      .optional()
      .openapi({ description: 'Signs every delivery; generated (whsec_…) when not given. Shown in this answer only.' }),
    description: z.string().max(500).optional(),
  })
  .strict();

export const WebhookPatch = z
  .object({
    url: Url.optional(),
    events: Events.optional(),
    description: z.string().max(500).nullable().optional(),
    enabled: z
      .boolean()
      .optional()
      .openapi({ description: 'true re-enables an endpoint that was disabled (and clears why)' }),
    // The original crm-server's name for `enabled`, so its clients' PUT {active} keeps working.
    active: z
      .boolean()
      .optional()
      .openapi({ deprecated: true, description: "Deprecated: the original server's name for enabled" }),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' })
  .refine((p) => p.active === undefined || p.enabled === undefined || p.active === p.enabled, {
    message: 'active (the old name of enabled) and enabled disagree; give one of them',
    path: ['active'],
  })
  .transform(({ active, ...p }) => (active === undefined ? p : { ...p, enabled: p.enabled ?? active }));

export const WebhookResource = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    disabled_at: z.string().nullable(),
    previous_secret_expires_at: z
      .string()
      .nullable()
      .openapi({ description: 'After a rotation the old secret signs too, until then' }),
    failing_since: z.string().nullable().openapi({
      description:
        'The first failed delivery since the last success; null when healthy. Failing too long (WEBHOOK_DISABLE_AFTER_MS) disables the endpoint',
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Webhook');

export const WebhookWithSecret = WebhookResource.extend({ secret: z.string() }).openapi('WebhookWithSecret');

export const WebhookIdParam = z.object({ id: z.string().min(1).max(64) });
