import type { Automation, UncheckedMessage } from '../../adapters/db/automation-repository';
import type { NewOutreachItem } from '../../adapters/db/outreach-repository';
import { automationCampaign, automationReplyKey, type MatchOutcome } from '../../domain/keyword-replies';
import type { ApprovalMode } from '../../domain/send-rules';
import { renderDm, type VideoFacts } from '../outreach/dm-compose';
import { newOutreachItem } from '../outreach/outreach-items';

/**
 * One keyword reply as a ledger item. They wrote first, so no first-contact approval; the
 * account's own mode still applies ('all' holds every DM), and a message of unknown age is held.
 * It is a plain queued item (kind 'queued'), so a reply they write meanwhile does not cancel it,
 * and the sender's pacing, opt-out, dedup and pause rules apply to it as to every DM.
 */

/** After direct DMs (100), before campaigns (50): someone asked for this and is waiting. */
export const KEYWORD_REPLY_PRIORITY = 80;

export interface Replying {
  accountId: string;
  mode: ApprovalMode;
  /** Each automation's video as a DM shows it; null: gone from MediaPoster or without a public post. */
  videos: Map<string, VideoFacts | null>;
  /** automation:contact pairs given a reply in this page of messages (the ledger key stops any later one). */
  replied: Set<string>;
}

export function replyFor(
  r: Replying,
  a: Automation,
  m: UncheckedMessage,
  hold: boolean,
): { outcome: MatchOutcome; item: NewOutreachItem | null } {
  const none = (outcome: MatchOutcome) => ({ outcome, item: null });
  if (m.contact.opted_out) return none('opted_out');
  const key = automationReplyKey(a.id, m.contact.id);
  if (r.replied.has(key)) return none('already_replied');
  const username = m.contact.username;
  const video = a.videoId === null ? null : (r.videos.get(a.videoId) ?? null);
  // No handle to send to, or a video gone since the automation was saved: nothing can be composed.
  if (username === null || (a.videoId !== null && video === null)) return none('not_composed');
  const contact = { username, displayName: m.contact.display_name };
  const rendered = renderDm(a.reply, contact, video);
  if (!rendered.ok) return none('not_composed');
  r.replied.add(key);
  const item = newOutreachItem(
    r.accountId,
    {
      kind: 'queued',
      businessKey: key,
      contact: { id: m.contact.id, username, totalMessagesReceived: Math.max(1, m.contact.total_messages_received) },
      text: rendered.text,
      priority: KEYWORD_REPLY_PRIORITY,
      scheduledAt: null,
      campaign: automationCampaign(a.id),
      template: 'template' in a.reply ? a.reply.template : null,
      videoId: a.videoId,
      notifyWorkflowId: null,
      requestId: null,
    },
    hold ? 'all' : r.mode,
  );
  return { outcome: item.status === 'awaiting_approval' ? 'held' : 'queued', item };
}
