import { z } from '@hono/zod-openapi';
import { ACTION_LANES } from '../../domain/types';

/**
 * Scores are computed results, not stored rows, so their fields keep the engine's camelCase
 * (as the original server's ScoreResult did).
 */

const component = z.number().int().min(0).max(100);

export const ScoreComponentsResource = z
  .object({
    recency: component,
    resonance: component,
    needClarity: component,
    valueDelivered: component,
    reliability: component,
    consent: component,
  })
  .openapi('ScoreComponents');

export const ScoreResource = z
  .object({
    overall: component,
    components: ScoreComponentsResource,
    tier: z.object({
      label: z.string(),
      emoji: z.string(),
      color: z.enum(['green', 'blue', 'yellow', 'orange', 'red']),
    }),
    lane: z.enum(ACTION_LANES).openapi({ description: 'Which kind of message fits the contact now' }),
    // The original ScoreResult had the components at the top level; kept so its clients still read them.
    ...ScoreComponentsResource.shape,
  })
  .openapi('Score');

export const ScoreBatchBody = z
  .object({
    usernames: z
      .array(
        z
          .string()
          .trim()
          .regex(/^@?[A-Za-z0-9._]{1,30}$/, 'must be an Instagram handle'),
      )
      .min(1)
      .max(500),
  })
  .strict()
  .openapi('ScoreBatchRequest');

export const ScoreBatchResult = z
  .object({
    updated: z.number().int().openapi({ description: 'Contacts found and rescored (as the original counted them)' }),
    changed: z
      .number()
      .int()
      .openapi({ description: 'Of those, how many overall scores moved (history row and event written)' }),
    failed: z.array(z.string()).openapi({ description: 'Usernames not found, as given' }),
  })
  .openapi('ScoreBatchResult');
