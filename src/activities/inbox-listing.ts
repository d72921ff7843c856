import { Context } from '@temporalio/activity';
import type { ListingRowInput } from '../adapters/db/inbox-repository';
import type { SafariClient, SafariConversation } from '../adapters/safari/safari-client';
import { normalizeUsername } from '../domain/contact-fields';
import type { IdentityPlan } from '../domain/identity-plan';
import { resolveListing, type Resolution } from '../domain/inbox-identity';
import { INBOX_TABS, type InboxTab } from '../domain/types';
import type { ListingCounts } from '../workflows/definitions';
import type { ActivityDeps } from './deps';
import { safariOf } from './account-safari';
import { coded } from './failures';
import { settleIdentities } from './listing-identity';
import { safariFailure } from './safari-failures';

/**
 * Sync step 1: read the inbox listing through Safari, match each row to a known contact (thread
 * id, handle, unique display name), and store it in one write that queues changed threads.
 */
export function createInboxListingActivities(deps: ActivityDeps) {
  return {
    async syncInbox(accountId: string, tab: InboxTab | 'all', options: { profileLookups?: number } = {}): Promise<ListingCounts> {
      const ctx = Context.current();
      const call = { signal: ctx.cancellationSignal, onProgress: () => ctx.heartbeat('listing') };
      const { client } = await coded(() => safariOf(deps, accountId));
      const rows = await readListing(client, tab, call);
      return coded(async () => {
        const listed = rows.map(([, c]) => ({
          name: c.username, threadId: c.threadId || null, preview: c.lastMessage ?? null, previewIsOutbound: c.lastMessageIsOutbound ?? null,
        }));
        const { plan, counts } = await settleIdentities(deps, accountId, client, listed, options.profileLookups ?? 0, call);
        const ambiguous = plan.resolutions.filter((r) => r.kind === 'new' && r.ambiguous).length;
        const stored = await deps.inbox.storeListing(accountId, toListingRows(rows, plan));
        return { ...stored, ambiguous, identity: counts };
      });
    },

    /** A sync of named contacts: make sure each has a conversation, and queue their threads. */
    async queueContactThreads(accountId: string, usernames: string[]): Promise<ListingCounts> {
      return coded(async () => {
        const handles = [...new Set(usernames.map(normalizeUsername))];
        const known = await deps.inbox.identitiesByUsernames(accountId, handles);
        const resolutions = resolveListing(handles.map((name) => ({ name, threadId: null })), known);
        const rows = handles.map((handle, i) => contactScopeRow(handle, resolutions[i]!));
        const counts = await deps.inbox.storeListing(accountId, rows);
        const ids = (await deps.inbox.identitiesByUsernames(accountId, handles)).map((k) => k.id);
        const queued = await deps.inbox.queueThreads(accountId, ids);
        return { ...counts, found: handles.length, queued };
      });
    },
  };
}

type CallOptions = Parameters<SafariClient['listAllConversations']>[0];

/** Every row of the listing with the tab it came from. */
async function readListing(safari: SafariClient, tab: InboxTab | 'all', options: CallOptions): Promise<[InboxTab, SafariConversation][]> {
  if (tab !== 'all') {
    const one = await safari.listConversations(tab, options);
    if (!one.ok) throw safariFailure(one);
    return one.value.map((c) => [tab, c]);
  }
  const all = await safari.listAllConversations(options);
  if (!all.ok) throw safariFailure(all);
  return INBOX_TABS.flatMap((t) => all.value[t].map((c): [InboxTab, SafariConversation] => [t, c]));
}

/**
 * One listing row per contact: the same person can show up in two tabs, and two display-name rows
 * can resolve to the same new identity; the first row wins.
 */
function toListingRows(rows: [InboxTab, SafariConversation][], plan: IdentityPlan): ListingRowInput[] {
  const seen = new Set<unknown>();
  const held = new Set(plan.deferred);
  const out: ListingRowInput[] = [];
  rows.forEach(([tab, c], i) => {
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
      tab,
      preview: c.lastMessage ?? null,
      previewIsOutbound: c.lastMessageIsOutbound ?? null,
      unreadCount: c.unreadCount ?? null,
    });
  });
  return out;
}

/** Nothing about a known contact's conversation is overwritten; a new one is opened by its handle. */
function contactScopeRow(handle: string, r: Resolution): ListingRowInput {
  const unknown = { tab: null, preview: null, previewIsOutbound: null, unreadCount: null };
  return r.kind === 'existing'
    ? { contactId: r.contactId, username: null, displayName: null, threadId: null, listingName: null, ...unknown }
    : { contactId: null, username: r.username ?? handle, displayName: r.displayName, threadId: null, listingName: handle, ...unknown };
}
