import { z } from '@hono/zod-openapi';
import { INBOX_TABS } from '../../domain/types';

export const SyncRequest = z
  .object({
    tab: z
      .enum(['all', ...INBOX_TABS])
      .default('all')
      .openapi({ description: 'Inbox tab to list, or all four' }),
    read_threads: z.boolean().default(true).openapi({ description: 'false: store the listing only, read no thread' }),
  })
  .strict()
  .openapi('SyncRequest');

/** The original server's SyncResult. */
export const SyncResult = z
  .object({
    contactsFound: z.number().int(),
    contactsCreated: z.number().int(),
    contactsUpdated: z.number().int(),
    errors: z.array(z.string()),
  })
  .openapi('SyncResult');

export const MessageSyncResult = z
  .object({
    success: z.boolean(),
    messagesFound: z.number().int(),
    messagesSaved: z.number().int(),
    error: z.string().optional(),
  })
  .openapi('MessageSyncResult');

export const FullSyncResult = z
  .object({
    conversations: SyncResult,
    messages: z.array(z.object({ username: z.string(), result: MessageSyncResult })),
    truncated: z.boolean().openapi({ description: 'More threads were read than listed here' }),
  })
  .openapi('FullSyncResult');

export const SyncStillRunning = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    temporalUiUrl: z.string(),
    statusUrl: z.string(),
    message: z.string(),
  })
  .openapi('SyncStillRunning');

export const UsernameParam = z.object({
  username: z.string().regex(/^@?[A-Za-z0-9._]{1,30}$/, 'must be an Instagram handle'),
});
