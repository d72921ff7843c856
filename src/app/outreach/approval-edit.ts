import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import type { VideoRepository } from '../../adapters/mediaposter/video-repository';
import type { OutreachItem } from '../../domain/outreach';
import { sentWithinDedupWindow } from '../../domain/send-rules';
import { templateVariables } from '../../domain/templating';
import { fromMediaPoster } from '../video-outreach/mediaposter-reads';
import { dmRefused, Refused } from '../refusal';
import { renderDm, shareableVideoFor, videoFacts, type VideoFacts } from './dm-compose';
import { textKeyOf } from './outreach-items';

/**
 * A person approving a DM may rewrite it first. The new text is checked as any DM is: rendered for
 * the item's contact (so {{first_name|there}} works in an edit too), one DM long, and not the same
 * text that went to them inside the dedup window (the sender would only skip it later).
 */

export interface EditPorts {
  contacts: Pick<ContactRepository, 'getContact'>;
  videos: VideoRepository;
  outreach: Pick<OutreachRepository, 'sameTextSentAt'>;
  config: { outreach: { dedupWindowMs: number } };
  now: () => number;
}

export interface CheckedEdit {
  text: string;
  textKey: string;
}

/** The item's video, read only when the edited text names a video variable. */
async function videoFor(ports: Pick<EditPorts, 'videos'>, item: OutreachItem, text: string) {
  if (item.videoId === null || !templateVariables(text).some((v) => v.startsWith('video_'))) return null;
  const found = await fromMediaPoster(() => shareableVideoFor(ports.videos, item.videoId!));
  if (!found.ok) throw dmRefused(found.problem, 'text');
  return videoFacts(found.video);
}

export async function checkedEdit(ports: EditPorts, item: OutreachItem, text: string): Promise<CheckedEdit> {
  const contact = await ports.contacts.getContact(item.accountId, item.contactId);
  if (!contact) throw new Refused('NOT_FOUND', `The item's contact ${item.contactId} is gone`);
  const video: VideoFacts | null = await videoFor(ports, item, text);
  const rendered = renderDm({ template: text }, { displayName: contact.displayName, username: item.username }, video);
  if (!rendered.ok) throw dmRefused(rendered.problem, 'text');
  const textKey = textKeyOf(rendered.text);
  const sentAt = await ports.outreach.sameTextSentAt(item.contactId, textKey, item.id);
  if (sentWithinDedupWindow(sentAt, ports.now(), ports.config.outreach.dedupWindowMs))
    throw new Refused(
      'CONFLICT',
      `The same text went to ${item.username} at ${new Date(sentAt!).toISOString()}, inside the dedup window; write another`,
      { reason: 'DUPLICATE_TEXT', path: 'text', sentAt: new Date(sentAt!).toISOString() },
    );
  return { text: rendered.text, textKey };
}
