import type { ListingRowInput } from '../../adapters/db/inbox-repository';
import type { IdentityPlan } from '../../domain/identity-plan';
import type { Resolution } from '../../domain/inbox-identity';
import type { InboxListing } from '../../contracts/sync';

/** The rows a listing stores, from what Safari listed and what the identity step decided. */

/**
 * One listing row per contact: the same person can show up in two tabs, and two display-name rows
 * can resolve to the same new identity; the first row wins.
 */
export function toListingRows(rows: InboxListing['rows'], plan: IdentityPlan): ListingRowInput[] {
  const seen = new Set<unknown>();
  const held = new Set(plan.deferred);
  const out: ListingRowInput[] = [];
  rows.forEach((c, i) => {
    const r = plan.resolutions[i]!;
    const key = r.kind === 'existing' ? r.contactId : r;
    // Two known people share this display name and nothing else tells them apart: do not guess.
    if (seen.has(key) || held.has(i) || (r.kind === 'new' && r.ambiguous)) return;
    seen.add(key);
    out.push({
      contactId: r.kind === 'existing' ? r.contactId : null,
      username: r.kind === 'new' ? r.username : null,
      displayName: r.kind === 'new' ? r.displayName : (r.learned.displayName ?? c.displayName ?? null),
      threadId: r.kind === 'new' ? r.threadId : (r.learned.threadId ?? (c.threadId || null)),
      // A handle opens the conversation whatever name the listing shows today, and stays put.
      listingName: (r.kind === 'existing' ? plan.handles.get(r.contactId) : r.username) ?? c.username,
      tab: c.tab,
      preview: c.lastMessage ?? null,
      previewIsOutbound: c.lastMessageIsOutbound ?? null,
      unreadCount: c.unreadCount ?? null,
    });
  });
  return out;
}

/** Nothing about a known contact's conversation is overwritten; a new one is opened by its handle. */
export function contactScopeRow(handle: string, r: Resolution): ListingRowInput {
  const unknown = { tab: null, preview: null, previewIsOutbound: null, unreadCount: null };
  return r.kind === 'existing'
    ? { contactId: r.contactId, username: null, displayName: null, threadId: null, listingName: null, ...unknown }
    : {
        contactId: null,
        username: r.username ?? handle,
        displayName: r.displayName,
        threadId: null,
        listingName: handle,
        ...unknown,
      };
}
