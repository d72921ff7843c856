/**
 * What counts as value delivered (the valueDelivered score component, crm-engines.md §3.2): a DM we
 * sent that carries something for them — a video (the item names one) or a resource (a link in its
 * text). A greeting or a question delivers nothing. Each sent item counts at most once; the ledger's
 * sent move makes sure of that (crm_outreach_transition_counted).
 */

/** A link: a scheme or "www." followed by a letter or digit ("https://" alone is no link). */
const LINK = /\b(?:https?:\/\/|www\.)[a-z0-9]/i;

export function carriesContent(item: { videoId: string | null; text: string }): boolean {
  return (item.videoId !== null && item.videoId !== '') || LINK.test(item.text);
}

/** How much a sent item adds to the contact's value_delivered_count: 1 if it carries content, else 0. */
export const valueDelivered = (item: { videoId: string | null; text: string }): number =>
  carriesContent(item) ? 1 : 0;
