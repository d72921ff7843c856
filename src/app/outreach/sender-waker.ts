/**
 * The one way to wake an account's sender: start it if it does not run, and tell it the queue
 * changed. Whoever queues or approves an item (the API, a direct DM's workflow, a video's
 * outreach) calls this port; it is implemented once, over Temporal (src/temporal/sender-control.ts).
 */
export interface SenderWaker {
  wakeSender(accountId: string, reason: string): Promise<void>;
}
