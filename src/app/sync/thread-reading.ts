import type { ClaimedThread, ThreadReadOutcome } from '../../adapters/db/inbox-repository';
import type {
  CallOptions,
  SafariClient,
  SafariMessage,
  SafariResult,
  ThreadRead,
} from '../../adapters/safari/safari-client';
import { AMBIGUOUS_NAME } from '../../domain/read-queue';
import { mergeThread, type ReadMessage } from '../../domain/thread-merge';
import { MESSAGE_TYPES, type Message, type MessageType } from '../../domain/types';
import type { ThreadSummary } from '../../contracts/sync';

/** Reading claimed threads through Safari and merging each read into its stored tail. */

/** One thread's read; `gap` means it did not overlap what was stored (messages between may be missing). */
export interface Read {
  thread: ClaimedThread;
  outcome: ThreadReadOutcome;
  appended: ReadMessage[];
  /** What the read showed before the part it appends: taken to be stored already (see opt-out-changes.ts for when it is not). */
  earlier: ReadMessage[];
  summary: ThreadSummary;
  gap: boolean;
}

export type SafariFailure = Extract<SafariResult<ThreadRead>, { ok: false }>;

/**
 * The name to open a thread by: what the server listed, unless the name is shared (the claim says:
 * another conversation is listed under it, or its person was ever seen with it as display name or
 * handle, in any case — two people with one display name, or someone showing this contact's handle
 * as their name), when only a known handle with a known thread id is safe (the thread id is
 * registered first, so the server goes to that thread rather than click a row showing the name); otherwise the
 * thread is not opened at all rather than risk reading someone else's messages. A thread never
 * listed opens by its handle; never by a display name alone, which nothing checked is not shared.
 */
export function nameToOpen(t: ClaimedThread): string | null {
  if (!t.listingNameShared) return t.listingName ?? t.username;
  return t.username && t.contact?.thread_id ? t.username : null;
}

/** Reads threads one after another; stops at the first failure worth retrying and returns it. */
export async function readThreads(
  safari: SafariClient,
  threads: ClaimedThread[],
  readLimit: number,
  options: CallOptions & { beforeEach?: () => void },
): Promise<{ reads: Read[]; retryable?: SafariFailure }> {
  const reads: Read[] = [];
  for (const thread of threads) {
    options.beforeEach?.();
    const name = nameToOpen(thread);
    if (name === null) {
      reads.push(
        failed(
          thread,
          thread.listingName ?? '',
          `${AMBIGUOUS_NAME}: another conversation could be shown under this name (or none was listed), and no handle with a thread id is known`,
        ),
      );
      continue;
    }
    // The later server opens a handle by clicking a row showing it, and rows mostly show display
    // names; a registered thread id makes it navigate to the thread instead. Best effort.
    const threadId = thread.contact?.thread_id;
    if (name === thread.username && threadId) await safari.registerThread(name, threadId, options);
    const result = await safari.readThread(name, readLimit, options);
    if (!result.ok && result.retrySafe) return { reads, retryable: result };
    if (!result.ok) {
      reads.push(failed(thread, name, `${result.code}: ${result.message}`));
      continue;
    }
    const read = result.value.messages.map(toReadMessage);
    const merge = mergeThread(thread.tail, read);
    reads.push({
      thread,
      gap: merge.gap,
      appended: merge.append,
      earlier: read.slice(0, read.length - merge.append.length),
      outcome: {
        conversationId: thread.conversationId,
        expectedCount: thread.messageCount,
        messages: merge.append.map(toNewMessage),
      },
      summary: { name, found: result.value.messages.length, saved: merge.append.length },
    });
  }
  return { reads };
}

function failed(thread: ClaimedThread, name: string, error: string): Read {
  return {
    thread,
    gap: false,
    outcome: { conversationId: thread.conversationId, error },
    appended: [],
    earlier: [],
    summary: { name, found: 0, saved: 0, error },
  };
}

/** The thread as scoring sees it: stored tail plus what was appended, without another read. */
export function threadMessages(r: Read): Message[] {
  const stored = r.thread.tail.map((m): Message => ({
    position: m.position,
    text: m.text,
    isOutbound: m.isOutbound,
    messageType: 'text',
    sentByAutomation: false,
    sentAt: null,
  }));
  const appended = r.appended.map((m, i): Message => ({
    position: r.thread.messageCount + i,
    text: m.text,
    isOutbound: m.isOutbound,
    messageType: m.messageType ?? 'text',
    sentByAutomation: false,
    sentAt: m.sentAt ?? null,
  }));
  return [...stored, ...appended];
}

function toReadMessage(m: SafariMessage): ReadMessage {
  const type = (MESSAGE_TYPES as readonly string[]).includes(m.messageType) ? (m.messageType as MessageType) : 'text';
  return { text: m.text, isOutbound: m.isOutbound, messageType: type, sentAt: isoOrNull(m.timestamp) };
}

/** Instagram shows "2h" or "Tuesday" as often as a date: keep only what is a real instant. */
function isoOrNull(value: string | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const toNewMessage = (m: ReadMessage) => ({
  text: m.text,
  isOutbound: m.isOutbound,
  messageType: m.messageType ?? 'text',
  sentAt: m.sentAt ?? null,
});
