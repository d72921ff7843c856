import { z } from '@hono/zod-openapi';
import { ACTION_LANES } from '../../domain/types';

/**
 * Coaching and copilot. Requests use the API's snake_case; the answers are the engines' results
 * with their own camelCase names (computed, never stored), like the score.
 */

const contactId = z.string().min(1).max(64).openapi({ description: 'Contact uuid or Instagram username' });

export const CoachingRequest = z
  .object({
    contact_id: contactId.optional(),
    messages: z
      .array(z.object({ text: z.string().max(10_000), is_outbound: z.boolean() }).strict())
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: 'A conversation, oldest first; is_outbound = written by the creator' }),
  })
  .strict()
  .refine((b) => (b.contact_id === undefined) !== (b.messages === undefined), {
    message: 'give exactly one of contact_id or messages',
  })
  .openapi('CoachingRequest');

const score = z.number().int().min(0).max(100);

export const CoachingResult = z
  .object({
    overallScore: score,
    curiosityScore: score,
    valueScore: score,
    permissionScore: score,
    personalizationScore: score,
    pacingScore: score,
    strengths: z.array(z.string()),
    improvements: z.array(z.string()),
    nextActionSuggestion: z.string(),
    skippedRules: z.array(z.string()).optional().openapi({
      description: 'Rules left out because the regex engine could not run them over these messages; absent when none',
    }),
    messagesAnalyzed: z.number().int().openapi({ description: 'For a contact: its newest messages, at most 50' }),
  })
  .openapi('CoachingResult');

export const CopilotRequest = z
  .object({
    contact_id: contactId,
    context: z.string().trim().max(2000).optional().openapi({
      description:
        "What you want to achieve. Echoed back as `goal`; it does not change the ranking: the rules read only the contact's own words",
    }),
  })
  .strict()
  .openapi('CopilotRequest');

export const CopilotResult = z
  .object({
    lane: z.enum(ACTION_LANES),
    context: z.object({
      sentiment: z.enum(['positive', 'negative', 'neutral', 'curious']),
      topic: z.enum(['content', 'growth', 'automation', 'business', 'productivity', 'general']),
      needsResponse: z.boolean(),
      lastMessageDaysAgo: z.number().int(),
    }),
    suggestions: z.array(
      z.object({
        type: z.enum(ACTION_LANES),
        templateId: z.string(),
        template: z.string(),
        personalized: z.string(),
        reason: z.string(),
        priority: z.number(),
      }),
    ),
    fitOpportunity: z
      .object({ configId: z.string(), product: z.string(), matches: z.array(z.string()), offerTemplate: z.string() })
      .nullable(),
    goal: z.string().nullable().openapi({ description: "The request's context, as given" }),
  })
  .openapi('CopilotResult');
