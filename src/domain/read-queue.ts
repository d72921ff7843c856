/**
 * When a conversation is queued for reading, decided from a listing row and the conversation as
 * stored. A null in the row means "not shown in this listing": it never counts as a change. A read
 * is queued when the last message may have changed; an identical preview with an unchanged unread
 * count cannot tell a new "ok" from the old one (a known limit of reading listings). A conversation
 * new to us, or never read (a DM we sent started it: what they wrote before it is in it), is queued.
 */

export interface StoredThreadState {
  preview: string | null;
  previewIsOutbound: boolean | null;
  unreadCount: number;
  needsRead: boolean;
  lastReadAt: string | null;
}

export interface ListedThreadState {
  preview: string | null;
  previewIsOutbound: boolean | null;
  unreadCount: number | null;
}

const shownChanged = <T>(shown: T | null, stored: T | null) => shown !== null && shown !== stored;

export function queuesRead(stored: StoredThreadState | null, row: ListedThreadState): boolean {
  if (!stored) return true;
  return (
    stored.needsRead ||
    stored.lastReadAt === null ||
    shownChanged(row.preview, stored.preview) ||
    shownChanged(row.previewIsOutbound, stored.previewIsOutbound) ||
    shownChanged(row.unreadCount, stored.unreadCount)
  );
}
