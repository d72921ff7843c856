/** The shapes a listing is matched with: their own file so listing-index.ts and inbox-identity.ts do not import each other. */

export interface ListingRow {
  name: string;
  threadId?: string | null;
}
export interface KnownContact {
  id: string;
  username: string | null;
  displayName: string | null;
  threadId: string | null;
  /** Every thread id, handle and display key (see displayKey) the contact was ever seen with. */
  aliases?: { threadIds: string[]; handles: string[]; names: string[] };
}
/** `username`: a handle-shaped row matched by thread id to a contact with no handle and another name. */
export interface LearnedFields {
  threadId?: string;
  displayName?: string;
  username?: string;
}
export interface ExistingResolution {
  kind: 'existing';
  contactId: string;
  learned: LearnedFields;
}
