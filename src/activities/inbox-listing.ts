import { Context } from '@temporalio/activity';
import type { SafariClient, SafariConversation } from '../adapters/safari/safari-client';
import { normalizeUsername } from '../domain/contact-fields';
import { resolveListing } from '../domain/inbox-identity';
import { INBOX_TABS, type InboxTab } from '../domain/types';
import type { InboxListing, ListingCounts } from '../contracts/sync';
import type { ActivityDeps } from './deps';
import { safariOf } from './account-safari';
import { coded } from './failures';
import { readRegistry, settleIdentities } from '../app/sync/listing-identity';
import { contactScopeRow, toListingRows } from '../app/sync/listing-rows';
import { safariFailure } from './safari-failures';

/**
 * Sync step 1: read the inbox listing through Safari (readInboxListing, browser only), then match
 * each row to a known contact (thread id, handle, unique display name) and store it in one write
 * that queues changed threads (storeInboxListing). Two activities, so a database outage retries
 * the write and not a listing that can take minutes of browser time.
 */
export function createInboxListingActivities(deps: ActivityDeps) {
  const callOptions = () => {
    const ctx = Context.current();
    return { signal: ctx.cancellationSignal, onProgress: () => ctx.heartbeat('listing') };
  };

  async function readInboxListing(accountId: string, tab: InboxTab | 'all'): Promise<InboxListing> {
    const call = callOptions();
    const { client } = await coded(() => safariOf(deps, accountId));
    const rows = await readListing(client, tab, call);
    return { rows, ...(await readRegistry(client, call)) };
  }

  /** Browser calls here are only the profile lookups a budget allows (none by default). */
  async function storeInboxListing(
    accountId: string,
    listing: InboxListing,
    options: { profileLookups?: number } = {},
  ): Promise<ListingCounts> {
    const call = callOptions();
    // The writes say nothing while they run: beat on a timer, so only a lost worker times out.
    const { heartbeatTimeoutMs } = Context.current().info;
    const beat = heartbeatTimeoutMs
      ? setInterval(call.onProgress, Math.max(100, Math.floor(heartbeatTimeoutMs / 3)))
      : undefined;
    return coded(async () => {
      const { client } = await safariOf(deps, accountId);
      const listed = listing.rows.map((c) => ({
        name: c.username,
        threadId: c.threadId || null,
        preview: c.lastMessage ?? null,
        previewIsOutbound: c.lastMessageIsOutbound ?? null,
      }));
      const budget = options.profileLookups ?? 0;
      const { plan, counts } = await settleIdentities(deps, accountId, client, listed, listing.registry, budget, {
        ...call,
        namesAreHandles: listing.namesAreHandles,
      });
      const ambiguous = plan.resolutions.filter((r) => r.kind === 'new' && r.ambiguous).length;
      const stored = await deps.inbox.storeListing(accountId, toListingRows(listing.rows, plan));
      return { ...stored, ambiguous, identity: counts };
    }).finally(() => clearInterval(beat));
  }

  return {
    readInboxListing,
    storeInboxListing,

    /** Both steps in one activity: what runs recorded before the split still schedule on replay. */
    async syncInbox(
      accountId: string,
      tab: InboxTab | 'all',
      options: { profileLookups?: number } = {},
    ): Promise<ListingCounts> {
      return storeInboxListing(accountId, await readInboxListing(accountId, tab), options);
    },

    /** A sync of named contacts: make sure each has a conversation, and queue their threads. */
    async queueContactThreads(accountId: string, usernames: string[]): Promise<ListingCounts> {
      return coded(async () => {
        const handles = [...new Set(usernames.map(normalizeUsername))];
        const known = await deps.inbox.identitiesByUsernames(accountId, handles);
        const resolutions = resolveListing(
          handles.map((name) => ({ name, threadId: null })),
          known,
        );
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

/** Every row of the listing with the tab it came from, carrying only what the store uses. */
async function readListing(
  safari: SafariClient,
  tab: InboxTab | 'all',
  options: CallOptions,
): Promise<InboxListing['rows']> {
  const row = (t: InboxTab, c: SafariConversation): InboxListing['rows'][number] => ({
    tab: t,
    username: c.username,
    displayName: c.displayName,
    threadId: c.threadId,
    lastMessage: c.lastMessage,
    lastMessageIsOutbound: c.lastMessageIsOutbound,
    unreadCount: c.unreadCount,
  });
  if (tab !== 'all') {
    const one = await safari.listConversations(tab, options);
    if (!one.ok) throw safariFailure(one);
    return one.value.map((c) => row(tab, c));
  }
  const all = await safari.listAllConversations(options);
  if (!all.ok) throw safariFailure(all);
  return INBOX_TABS.flatMap((t) => all.value[t].map((c) => row(t, c)));
}
