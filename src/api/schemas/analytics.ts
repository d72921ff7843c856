import { z } from '@hono/zod-openapi';
import { RESULT_GROUPS } from '../../domain/outreach-results';
import { AccountId } from '../account-scope';

/** GET /api/analytics/outreach: its query (a period and a grouping) and its answer. */

const LAST_MS = Date.UTC(9999, 0, 1);
const instant = (v: string) => Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);

/** A day (midnight UTC) or an instant with its offset, as an ISO instant in UTC; years the database can store. */
const bound = (description: string) =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .refine((v) => instant(v) >= 0 && instant(v) < LAST_MS, 'must be between 1970 and 9998')
    .transform((v) => new Date(instant(v)).toISOString())
    .optional()
    .openapi({ description, example: '2026-12-01' });

export const ResultsQuery = z
  .object({
    groupBy: z.enum(RESULT_GROUPS).default('campaign').openapi({ description: 'What one row is' }),
    since: bound('From (inclusive): YYYY-MM-DD (midnight UTC) or an ISO instant. Default: the first DM'),
    until: bound('Up to (exclusive): YYYY-MM-DD (midnight UTC) or an ISO instant. Default: now'),
    accountId: AccountId.optional(),
  })
  .refine((q) => q.since === undefined || q.until === undefined || q.since <= q.until, {
    message: 'since must not be after until',
    path: ['since'],
  });

const ResultRow = z
  .object({
    group: z.string().nullable().openapi({
      description:
        'The campaign, template (its id, else its label), video id, video lane, step (0 = first DM) or day (YYYY-MM-DD in the account zone); null: DMs without one',
    }),
    queued: z.number().int().openapi({ description: 'DMs waiting (queued or held for approval) or going out now' }),
    sent: z.number().int().openapi({ description: 'DMs sent' }),
    failed: z.number().int().openapi({ description: 'DMs that failed' }),
    reached: z.number().int().openapi({ description: 'Contacts sent at least one DM of the group' }),
    replied: z.number().int().openapi({
      description: "Reached contacts who wrote within the reply window after the group's first DM to them",
    }),
    replyRate: z.number().nullable().openapi({ description: 'replied / reached (0–1); null when nobody was reached' }),
    medianMinutesToReply: z.number().nullable().openapi({ description: 'Of the replied contacts; null when none' }),
    optedOut: z
      .number()
      .int()
      .openapi({ description: "Reached contacts who opted out within the window after the group's first DM" }),
    interested: z
      .number()
      .int()
      .openapi({ description: 'Replied contacts with a message of intent interested in the window' }),
  })
  .openapi('OutreachResultRow');

export const OutreachResults = z
  .object({
    accountId: z.string(),
    groupBy: z.enum(RESULT_GROUPS),
    since: z.string().nullable(),
    until: z.string().nullable(),
    replyWindowMs: z.number().int().openapi({ description: 'CRM_REPLY_WINDOW' }),
    timeZone: z.string().openapi({ description: 'The zone days are counted in (the account zone)' }),
    rows: z.array(ResultRow),
  })
  .openapi('OutreachResults');
