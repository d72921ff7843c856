import type { ListingRowInput } from '../../src/adapters/db/inbox-repository';

/** A row of an inbox listing as the sync stores it: a primary-tab thread known by nothing but what is given. */
export const listingRow = (over: Partial<ListingRowInput>): ListingRowInput => ({
  contactId: null,
  username: null,
  displayName: null,
  threadId: null,
  listingName: null,
  tab: 'primary',
  preview: 'hi',
  previewIsOutbound: false,
  unreadCount: 0,
  ...over,
});
