import type { ContactRepository } from '../adapters/db/contact-repository';
import type { VideoRepository } from '../adapters/mediaposter/video-repository';
import { dmVideoUrl, type ShareableVideo } from '../domain/shareable-video';
import { checkDmText, MAX_DM_LENGTH } from '../domain/send-rules';
import { renderTemplate } from '../domain/templating';
import type { Contact } from '../domain/types';

/**
 * Turning a DM request into the exact text for one contact: find the contact (it must have a
 * handle), read the video from MediaPoster when one is named, render the template. The API runs it
 * to answer a bad request with a 4xx before anything starts; the DM workflow runs it again to queue
 * the item, so both always agree.
 */

export interface DmRequest {
  accountId: string;
  /** A contact id or a handle. */
  contact: string;
  text?: string;
  template?: string;
  variables?: Record<string, string>;
  videoId?: string;
}

export type DmProblemCode =
  | 'CONTACT_NOT_FOUND'
  | 'NO_HANDLE'
  | 'VIDEO_NOT_FOUND'
  | 'VIDEO_NOT_PUBLISHED'
  | 'TEMPLATE_INVALID'
  | 'TEXT_EMPTY'
  | 'TEXT_TOO_LONG';

export interface DmProblem {
  code: DmProblemCode;
  message: string;
  details?: unknown;
}

export interface ComposedDm {
  contact: Contact & { username: string };
  text: string;
  video: ShareableVideo | null;
}

export type Composed = { ok: true; dm: ComposedDm } | { ok: false; problem: DmProblem };

const problem = (code: DmProblemCode, message: string, details?: unknown): Composed => ({ ok: false, problem: { code, message, details } });

/** The variables every template may use; the request's own variables come on top. */
export function dmVariables(contact: Contact, video: ShareableVideo | null): Record<string, string | null> {
  const name = contact.displayName?.trim() || contact.username;
  return {
    name,
    first_name: name?.split(/\s+/)[0] ?? null,
    username: contact.username,
    video_title: video?.title ?? null,
    video_url: video ? dmVideoUrl(video) : null,
    video_caption: video?.caption ?? null,
  };
}

export async function composeDm(ports: { contacts: ContactRepository; videos: VideoRepository }, req: DmRequest): Promise<Composed> {
  const contact = await ports.contacts.getContact(req.accountId, req.contact);
  if (!contact) return problem('CONTACT_NOT_FOUND', 'Contact not found');
  if (!contact.username) {
    return problem('NO_HANDLE', 'This contact is known only by a display name; a DM goes only to a handle (sending by name would open whichever row shows it). Set the contact\'s username first.');
  }
  let video: ShareableVideo | null = null;
  if (req.videoId !== undefined) {
    video = await ports.videos.shareableVideo(req.videoId);
    if (!video) return problem('VIDEO_NOT_FOUND', `No MediaPoster video ${req.videoId}`);
    if (!dmVideoUrl(video)) return problem('VIDEO_NOT_PUBLISHED', `Video ${req.videoId} has no public post yet (only posted or published https URLs are shared)`);
  }
  // A plain text is sent as written; only a template has placeholders.
  const rendered = req.template === undefined ? { ok: true as const, text: req.text ?? '' } : renderTemplate(req.template, { ...dmVariables(contact, video), ...req.variables });
  if (!rendered.ok) return problem('TEMPLATE_INVALID', rendered.message, { missing: rendered.missing, invalid: rendered.invalid });
  const textProblem = checkDmText(rendered.text);
  if (textProblem === 'empty') return problem('TEXT_EMPTY', 'The DM text is empty');
  if (textProblem === 'too_long') return problem('TEXT_TOO_LONG', `The DM text is longer than Instagram's ${MAX_DM_LENGTH} characters`);
  return { ok: true, dm: { contact: { ...contact, username: contact.username }, text: rendered.text, video } };
}
