import { z } from 'zod';

/**
 * Shapes of the Safari Automation server's answers (safari-api.md §1.3, §1.4). Objects are loose so
 * HEAD's extra fields pass through; only what the CRM reads is required, so a malformed answer is still
 * caught. Empty strings that HEAD uses for "unknown" (threadId, timestamp) become absent fields.
 */

const emptyAsAbsent = z
  .string()
  .optional()
  .transform((v) => (v === '' || v === undefined ? undefined : v));
const count = z.number().int().nonnegative();

/** `PUT /api/rate-limits` merges any body into this config, so a field that is not a number reads as absent. */
const lenientNumber = z.unknown().transform((v) => (typeof v === 'number' ? v : undefined));
export const rateLimitConfigSchema = z.looseObject({
  messagesPerHour: lenientNumber,
  messagesPerDay: lenientNumber,
  minDelayMs: lenientNumber,
  maxDelayMs: lenientNumber,
  activeHoursStart: lenientNumber,
  activeHoursEnd: lenientNumber,
});

const sendCountersSchema = z.looseObject({ messagesSentToday: count, messagesSentThisHour: count });

export const healthSchema = z.looseObject({
  status: z.string(),
  timestamp: z.string().optional(),
  rateLimits: sendCountersSchema.extend({ limits: rateLimitConfigSchema }).optional(),
});

export const rateLimitStatusSchema = z.looseObject({
  messagesSentToday: count,
  messagesSentThisHour: count,
  limits: rateLimitConfigSchema,
  activeHours: z.looseObject({ start: z.number(), end: z.number(), currentHour: z.number(), isActive: z.boolean() }),
});

export const statusSchema = z.looseObject({
  isOnInstagram: z.boolean(),
  isLoggedIn: z.boolean(),
  currentUrl: z.string(),
  driverConfig: z.looseObject({}).optional(),
});

/** HEAD only (`GET /api/session/status`). */
export const sessionStatusSchema = z.looseObject({
  tracked: z.boolean(),
  windowIndex: z.number().nullable().optional(),
  tabIndex: z.number().nullable().optional(),
  lastVerifiedMs: z.number().nullable().optional(),
});

export const successSchema = z.looseObject({ success: z.boolean(), error: z.string().optional() });
export const navigateSchema = successSchema.extend({ currentUrl: z.string().optional() });
export const tabSchema = successSchema.extend({ tab: z.string() });
export const usernameActionSchema = successSchema.extend({ username: z.string() });

/** One listing row. On HEAD `username` is often the display name; identity is resolved elsewhere. */
export const conversationSchema = z
  .looseObject({
    username: z.string(),
    displayName: z.string().optional(),
    threadId: emptyAsAbsent,
    lastMessage: z.string().optional(),
    lastMessageAt: z.string().optional(),
    lastMessageIsOutbound: z.boolean().optional(),
    unreadCount: z.number().optional(),
  })
  .transform(({ username, displayName, threadId, lastMessage, lastMessageAt, lastMessageIsOutbound, unreadCount }) =>
    dropUndefined({ username, displayName, threadId, lastMessage, lastMessageAt, lastMessageIsOutbound, unreadCount }),
  );

export const conversationListSchema = z.looseObject({
  conversations: z.array(conversationSchema),
  count: count.optional(),
  scrolled: z.boolean().optional(),
});

/** ccf4331 fills hidden_requests only on a best-effort basis, so a missing tab is an empty one. */
const tabRows = z.array(conversationSchema).default([]);
export const allConversationsSchema = z.looseObject({
  conversations: z.looseObject({ primary: tabRows, general: tabRows, requests: tabRows, hidden_requests: tabRows }),
  totalCount: count.optional(),
});

export const messageSchema = z
  .looseObject({
    text: z.string(),
    isOutbound: z.boolean(),
    messageType: z.string().optional(),
    timestamp: emptyAsAbsent,
  })
  .transform(({ text, isOutbound, messageType, timestamp }) =>
    dropUndefined({ text, isOutbound, messageType: messageType ?? 'text', timestamp }),
  );

export const messagesSchema = z.looseObject({ messages: z.array(messageSchema), count: count.optional() });

export const sendResultSchema = successSchema.extend({
  username: z.string().optional(),
  messageId: z.string().optional(),
  verified: z.boolean().optional(),
  strategy: z.string().optional(),
  rateLimits: sendCountersSchema.optional(),
});

/** HEAD only (`GET /api/profile/:username`); counts are display strings such as "1.2K". */
export const profileSchema = z.looseObject({
  success: z.boolean(),
  username: z.string(),
  profile: z.looseObject({
    fullName: z.string().optional(),
    bio: z.string().optional(),
    followers: z.string().optional(),
    following: z.string().optional(),
    posts: z.string().optional(),
    isPrivate: z.boolean().optional(),
  }),
});

/** HEAD only (`GET /api/threads`): the server's in-memory cache of thread ids by handle. */
export const threadRegistrySchema = z.looseObject({ threads: z.record(z.string(), z.string()) });

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
