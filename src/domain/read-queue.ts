/**
 * When a conversation is queued for reading, decided from a listing row and the conversation as
 * stored. A null in the row means "not shown in this listing": it never counts as a change. A read
 * is queued when the last message may have changed; an identical preview with an unchanged unread
 * count cannot tell a new "ok" from the old one (a known limit of reading listings). A conversation
 * new to us, or never read (a DM we sent started it: what they wrote before it is in it), is queued,
 * and so is one whose last read failed (retriesFailedRead). crm_sync_inbox applies the answer to
 * every row, whether or not the row shows anything new.
 */

export interface StoredThreadState {
  preview: string | null;
  previewIsOutbound: boolean | null;
  unreadCount: number;
  needsRead: boolean;
  lastReadAt: string | null;
  /** Why the last read failed; null once a read succeeded. */
  lastReadError: string | null;
  listingName: string | null;
}

export interface ListedThreadState {
  preview: string | null;
  previewIsOutbound: boolean | null;
  unreadCount: number | null;
  listingName: string | null;
}

const shownChanged = <T>(shown: T | null, stored: T | null) => shown !== null && shown !== stored;

export function queuesRead(stored: StoredThreadState | null, row: ListedThreadState): boolean {
  if (!stored) return true;
  if (
    stored.needsRead ||
    shownChanged(row.preview, stored.preview) ||
    shownChanged(row.previewIsOutbound, stored.previewIsOutbound) ||
    shownChanged(row.unreadCount, stored.unreadCount)
  )
    return true;
  if (stored.lastReadError !== null)
    return retriesFailedRead(stored.lastReadError, shownChanged(row.listingName, stored.listingName));
  return stored.lastReadAt === null;
}

/** The reason a read refused to open a name another conversation is listed under. */
export const AMBIGUOUS_NAME = 'AMBIGUOUS_NAME';

/**
 * Whether a listing queues again a thread whose last read failed, though its row shows nothing new.
 * A sync unqueues a thread Safari would not open (so it does not try again within that sync), and a
 * browser hiccup looks just like that, while the read it lost may be the one a DM of ours queued to
 * see what came before it, a "stop" among it (the soak found one): so it is tried at the next
 * listing. Our own refusal to open a shared name would only refuse again, unless the row now shows
 * the thread under another name, which may not be shared.
 */
export function retriesFailedRead(lastReadError: string, listedUnderAnotherName: boolean): boolean {
  return !lastReadError.startsWith(AMBIGUOUS_NAME) || listedUnderAnotherName;
}
