import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { syncConversationsWorkflowId } from '../temporal/workflow-ids';
import type { SyncConversationsInput } from './definitions';
import { syncConversations } from './sync-conversations';

/**
 * What the sync Schedule starts. A Schedule appends a timestamp to its workflow ids, so it cannot
 * itself hold the account's one-sync-at-a-time id; this starts the sync under that id instead and
 * steps aside when a sync (from the API or an earlier tick) is still running.
 */
export async function scheduledSync(input: SyncConversationsInput): Promise<'started' | 'already-running'> {
  try {
    await startChild(syncConversations, {
      workflowId: syncConversationsWorkflowId(input.accountId),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-running';
    throw err;
  }
}
