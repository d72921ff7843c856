import type { AccountRepository } from '../../adapters/db/account-repository';
import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import { effectiveApprovalMode, type OutreachDefaults } from '../../domain/outreach';
import { OUTREACH_TRANSITIONS } from '../../domain/outreach-transitions';
import type { ChosenContact, OutreachVideo, QueuedContact } from '../../contracts/video-outreach';
import { accountOrFail } from '../outreach/outreach-prepare';
import { businessKeyOf, newOutreachItem } from '../outreach/outreach-items';
import type { SenderWaker } from '../outreach/sender-waker';
import { announceIfHeld } from '../outreach/approval-notice';
import { formatAfter } from '../../domain/follow-ups';
import type { FollowUpStep } from '../../domain/follow-up-steps';
import { ACTION_LANES, type ActionLane } from '../../domain/types';
import { videoFollowUpFor } from '../../domain/video-outreach-templates';

/** Campaign items, like the queue routes' (direct DMs, at 100, go first). */
export const VIDEO_OUTREACH_PRIORITY = 50;

/** The campaign a video's DMs belong to: its ledger key makes each contact's DM once per video. */
export const videoCampaign = (videoId: string) => `video:${videoId}`;

export interface CampaignPorts {
  accounts: Pick<AccountRepository, 'get' | 'approvalNotice' | 'recordApprovalNotice'>;
  outreach: Pick<OutreachRepository, 'enqueue'>;
  senders: SenderWaker;
  outreachSettings: { defaults: OutreachDefaults; videoFollowUpMs?: number | null };
  now: () => number;
}

/** One campaign item per chosen contact (a repeat finds the items it made), then the sender is woken. */
export async function queueVideoCampaign(
  ports: CampaignPorts,
  accountId: string,
  video: OutreachVideo,
  chosen: ChosenContact[],
  requestId: string | null,
): Promise<QueuedContact[]> {
  const account = await accountOrFail(ports, accountId);
  const mode = effectiveApprovalMode(account, ports.outreachSettings.defaults);
  const campaign = videoCampaign(video.id);
  const drafts = chosen.map((c) => ({
    ...newOutreachItem(
      accountId,
      {
        kind: 'campaign',
        businessKey: businessKeyOf({
          kind: 'campaign',
          contactId: c.contactId,
          campaign,
          source: c.template,
          videoId: video.id,
        }),
        contact: { id: c.contactId, username: c.username, totalMessagesReceived: c.hasWritten ? 1 : 0 },
        text: c.text,
        priority: VIDEO_OUTREACH_PRIORITY,
        scheduledAt: null,
        campaign,
        template: c.template,
        videoId: video.id,
        notifyWorkflowId: null,
        requestId,
      },
      mode,
    ),
    followUps: followUpOf(c.lane, ports.outreachSettings.videoFollowUpMs ?? null),
  }));
  const stored = await ports.outreach.enqueue(accountId, drafts);
  const held = stored.items.some((s) => s.created && s.item.status === OUTREACH_TRANSITIONS.hold.to);
  await announceIfHeld(ports, accountId, ports.outreachSettings.defaults.approvalNotifyMs, held);
  await ports.senders.wakeSender(accountId, `video ${video.id}`);
  return stored.items.map(({ created, item }) => ({
    contactId: item.contactId,
    username: item.username,
    itemId: item.id,
    status: item.status,
    created,
  }));
}

/** CRM_VIDEO_FOLLOW_UP: one step in the lane's voice, rendered when it comes due (see app/follow-ups/). */
function followUpOf(lane: string, afterMs: number | null): FollowUpStep[] | null {
  if (afterMs === null || afterMs <= 0 || !(ACTION_LANES as readonly string[]).includes(lane)) return null;
  const template = videoFollowUpFor(lane as ActionLane).text;
  return [{ after: formatAfter(afterMs), afterMs, text: null, template, templateId: null, templateVersion: null }];
}
