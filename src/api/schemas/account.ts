import { z } from '@hono/zod-openapi';
import { isValidTimeZone } from '../../domain/pacing';
import { APPROVAL_MODES } from '../../domain/send-rules';
import { AccountId } from '../account-scope';

/** Accounts: one Instagram login and its Safari server; pacing fields left out (or null) use the configured defaults. */

const count = (max: number) => z.number().int().min(0).max(max).nullable();
export const AccountSettings = z.object({
  time_zone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin').nullable(),
  messages_per_hour: count(1_000),
  messages_per_day: count(10_000),
  min_delay_ms: count(86_400_000),
  max_delay_ms: count(86_400_000),
  active_hours_start: z.number().int().min(0).max(23).nullable(),
  active_hours_end: z.number().int().min(1).max(24).nullable(),
  ramp_start_per_day: count(10_000),
  ramp_step_per_day: count(1_000),
  approval_mode: z.enum(APPROVAL_MODES).nullable(),
});
const safariUrl = z.url({ protocol: /^https?$/ }).openapi({
  example: 'http://192.168.1.20:3100',
  description:
    'LAN and loopback addresses are fine; link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, and IPv6 forms carrying them) ' +
    'are refused, for the literal host and for what a name resolves to, when saved and again when dialled',
});
const safariApiKey = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces')
  .nullable()
  .optional()
  .openapi({
    description:
      "The key this account's Safari server expects (sent as x-api-key to its safari_url only); write-only, never shown again. null removes it. " +
      "Without one the server gets no key, unless it is SAFARI_API_URL's own (same scheme, host and port), which gets SAFARI_API_KEY. " +
      'A safari_url moved to another host drops the key unless a new one comes with it.',
  });
const incomingSecret = z
  .string()
  .min(16)
  .max(256)
  .regex(/^\S+$/, 'no spaces')
  .nullable()
  .optional()
  .openapi({
    description:
      "The secret MediaPoster signs this account's webhooks with (POST /api/incoming/mediaposter?accountId=…); write-only, never shown again. " +
      'null removes it. Without one, only the default account takes announcements, signed with WEBHOOK_SECRET.',
    example: 'openssl rand -hex 32',
  });

const secrets = { incoming_webhook_secret: incomingSecret, safari_api_key: safariApiKey };
export const AccountCreate = AccountSettings.partial()
  .extend({ id: AccountId, safari_url: safariUrl, ...secrets })
  .strict()
  .openapi('AccountCreate');
export const AccountPatch = AccountSettings.partial()
  .extend({ safari_url: safariUrl.optional(), ...secrets })
  .strict()
  .openapi('AccountPatch');

export const AccountResource = z
  .object({
    id: z.string(),
    safari_url: z.string(),
    ...AccountSettings.shape,
    paused: z.boolean(),
    paused_until: z.string().nullable(),
    pause_reason: z.string().nullable(),
    incoming_webhook_secret_set: z
      .boolean()
      .openapi({ description: 'The account has its own secret for incoming webhooks (the secret is never shown)' }),
    safari_api_key_set: z
      .boolean()
      .openapi({ description: 'The account has its own key for its Safari server (the key is never shown)' }),
    created_at: z.string(),
    effective: z
      .object({
        time_zone: z.string(),
        messages_per_hour: z.number().int(),
        messages_per_day: z.number().int(),
        min_delay_ms: z.number().int(),
        max_delay_ms: z.number().int(),
        active_hours_start: z.number().int(),
        active_hours_end: z.number().int(),
        ramp: z
          .object({ start_per_day: z.number().int(), step_per_day: z.number().int(), started_at: z.string() })
          .nullable(),
        approval_mode: z.enum(APPROVAL_MODES),
      })
      .openapi({ description: 'What the sender runs with: these settings over the configured defaults' }),
  })
  .openapi('Account');

export const AccountIdParam = z.object({ id: AccountId });
